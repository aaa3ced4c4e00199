"""Every staff API operation × every staff role (issue 10).

Each role may call exactly its operations (the viewer reads them all and changes nothing);
a refused call answers 403 and changes nothing; a staff account without a role is
refused every staff operation and sees no partner.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.api.services import token_create
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.engagement.models import RoadmapRequest
from partnercenter.events.models import EventKind
from partnercenter.events.services import EventFields, event_create
from partnercenter.hooks.models import Delivery
from partnercenter.partners.services import certification_record
from partnercenter.review.models import ReviewRun
from partnercenter.submissions.services import submission_create
from tests.api.conftest import Api
from tests.api.test_authorization_sweep import APPLICATION, MULTIPART, OPS, STAFF, _state
from tests.submissions.factories import with_roles

pytestmark = pytest.mark.django_db

ANY, PROGRAM, APPROVER, SUPPORT = None, "program_manager", "approver", "support"

OWNER = {
    ("GET", "/submissions"): APPROVER,
    ("POST", "/submissions/{submission_id}/approve"): APPROVER,
    ("POST", "/submissions/{submission_id}/reject"): APPROVER,
    ("GET", "/partners"): ANY,
    ("POST", "/partners/{slug}/adjustments"): APPROVER,
    ("POST", "/reviews"): PROGRAM,
    ("GET", "/reviews/{review_id}"): PROGRAM,
    ("POST", "/certifications/{certification_id}/revoke"): APPROVER,
    ("POST", "/whatif"): PROGRAM,
    ("GET", "/hooks/deliveries"): PROGRAM,
    ("GET", "/hooks/deliveries/{delivery_id}"): PROGRAM,
    ("POST", "/hooks/deliveries/{delivery_id}/replay"): PROGRAM,
    ("GET", "/applications"): PROGRAM,
    ("POST", "/applications/{application_id}/approve"): PROGRAM,
    ("POST", "/applications/{application_id}/reject"): PROGRAM,
    ("GET", "/sla"): SUPPORT,
    ("POST", "/roadmap-requests/{request_id}/status"): PROGRAM,
    ("POST", "/events/{event_id}/attendance"): "program_manager|support",
}
"""The role each staff operation belongs to (ANY: every role)."""

ROLES = ["program_manager", "approver", "finance", "support", "viewer"]
QUERY = {"/sla": "?month=2025-03"}


def test_every_staff_operation_has_an_owner():
    assert {(op.method, op.path) for op in OPS if op.kind == STAFF} == set(OWNER)


def _may(role: str, method: str, path: str) -> bool:
    owner = OWNER[(method, path)]
    if owner is ANY or role in owner.split("|"):
        return method == "GET" or role != "viewer"
    return role == "viewer" and method == "GET"


def _client(email: str, roles: tuple[str, ...]) -> Api:
    user = with_roles(User.objects.create_user(email, email=email, is_staff=True), roles)
    later = timezone.now() + timedelta(days=1)
    return Api(token_create(user=user, name="t", scopes=["write"], expires_at=later)[1])


@pytest.fixture
def paths(world) -> dict[str, str]:
    sub = submission_create(
        partner=world.acme,
        person=world.acme_admin,
        activity="case_study",
        occurred_on=date(2025, 2, 1),
        description="Pending",
        evidence_url="https://7xwebsites.com/x",
    )
    delivery = Delivery.objects.create(
        source="community", delivery_id="d1", event="x", payload={}, status="parked"
    )
    run = ReviewRun.objects.create(as_of=date(2025, 3, 1))
    cert = certification_record(
        person=world.acme_admin, type="developer", earned_on=date(2025, 1, 10)
    )
    applied = application_submit(**APPLICATION).application
    assert applied is not None
    application_confirm(token=confirm_token(applied))
    roadmap = RoadmapRequest.objects.create(
        partner=world.acme,
        person=world.acme_admin,
        plan="gold",
        title="Roles sweep wish",
        description="Public",
        created_at=timezone.now(),
    )
    start = timezone.now().date() + timedelta(days=7)
    event = event_create(
        staff=world.staff,
        fields=EventFields(
            title="Roles sweep",
            kind=EventKind.WEBINAR,
            starts_on=start,
            ends_on=start,
            capacity=5,
            online_url="https://7x.example/live",
        ),
    )
    return {
        op.path: op.path.format(
            slug="acme",
            submission_id=sub.pk,
            delivery_id=delivery.pk,
            review_id=run.pk,
            application_id=applied.pk,
            certification_id=cert.certification.pk,
            request_id=roadmap.pk,
            event_id=event.pk,
        )
        for op in OPS
        if op.kind == STAFF
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_calls_exactly_its_operations(world, paths, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = _client(f"{role}@7x.test", (role,))
    wrong = []
    for op in OPS:
        if op.kind != STAFF:
            continue
        path = paths[op.path]
        allowed = _may(role, op.method, op.path)
        before = _state()
        if op.method == "GET":
            response = client.get(path + QUERY.get(op.path, ""))
        elif allowed:
            continue  # the rightful role's writes are tested in the API's own tests
        elif op.path in MULTIPART:
            response = client.client.post(f"/api/v1{path}", MULTIPART[op.path](), **client.headers)
        else:
            response = client.post(path, op.body)
        status = response.status_code
        ok = status < 400 if allowed else status == 403 and _state() == before
        if not ok:
            wrong.append((op.method, op.path, status, response.content[:120]))
    assert wrong == []


def test_staff_without_a_role_is_refused_and_sees_no_partner(world, paths):
    client = _client("norole@7x.test", ())

    assert client.get("/partners").status_code == 403
    assert "no back-office role" in client.get("/partners").json()["message"]
    assert client.get("/partners/acme").status_code == 404
    assert (
        client.post("/partners/acme/adjustments", {"points": 5, "reason": "x"}).status_code == 403
    )
