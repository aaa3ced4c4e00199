"""Every API operation × two partners × (anonymous, member, partner admin, staff, read token).

Zero cross-partner reads or writes: another partner's resources answer 404,
staff operations 403 for everyone but staff, a read-only token 403 on POST,
and a refused request changes nothing in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnercenter.api.urls import api
from partnercenter.applications.models import Application
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.billing.services import plan_choose
from partnercenter.contracts.services import contract_issue
from partnercenter.engagement.models import RoadmapRequest, RoadmapVote
from partnercenter.entitlements.models import Meeting, Ticket
from partnercenter.events.models import Attendance, EventKind, Registration
from partnercenter.events.services import EventFields, event_create
from partnercenter.hooks.models import Delivery
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import CertificationRevocation
from partnercenter.partners.services import certification_record
from partnercenter.review.models import ReviewRun
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_create

pytestmark = pytest.mark.django_db

ANY, READ, PERSON, STAFF, PUBLIC = "any", "read", "person", "staff", "public"
"""Who may: any signed-in caller; the partner's people and staff; only the partner's people; staff;
anyone at all, even without a token (applying to the program)."""


APPLICATION = {
    "company": "Sweep Co",
    "country": "DE",
    "website": "https://sweep.example",
    "profile": "it",
    "contact_name": "Sam",
    "contact_email": "sam@sweep.example",
    "student": False,
    "description": "Sweeping",
    "accepts_terms": True,
}


LEAD = {
    "need": "Sweep hosting",
    "profile": "it",
    "country": "DE",
    "contact_name": "Sam",
    "contact_email": "sam@sweep.example",
    "consent": True,
}


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    kind: str
    body: dict | None = None


OPS = [
    Op("GET", "/me", ANY),
    Op("GET", "/edition", ANY),
    Op("GET", "/partners/{slug}", READ),
    Op("GET", "/partners/{slug}/standing", READ),
    Op("GET", "/partners/{slug}/entries", READ),
    Op("GET", "/partners/{slug}/people", READ),
    Op("GET", "/partners/{slug}/certifications", READ),
    Op("GET", "/partners/{slug}/levels", READ),
    Op("GET", "/partners/{slug}/invoices", READ),
    Op("GET", "/partners/{slug}/commissions", READ),
    Op("GET", "/partners/{slug}/invoices/{number}.pdf", READ),
    Op("GET", "/partners/{slug}/contract.pdf", READ),
    Op("GET", "/partners/{slug}/submissions", READ),
    Op("GET", "/partners/{slug}/submissions/{submission_id}", READ),
    Op(
        "POST",
        "/partners/{slug}/submissions",
        PERSON,
        {
            "activity": "case_study",
            "occurred_on": "2025-02-01",
            "description": "A case study",
            "evidence_url": "https://7xwebsites.com/case",
        },
    ),
    Op("POST", "/partners/{slug}/submissions/upload", PERSON),
    Op("POST", "/partners/{slug}/submissions/{submission_id}/withdraw", PERSON),
    Op("GET", "/submissions", STAFF),
    Op("POST", "/submissions/{submission_id}/approve", STAFF, {}),
    Op("POST", "/submissions/{submission_id}/reject", STAFF, {"reason_code": "duplicate"}),
    Op("GET", "/partners", STAFF),
    Op("POST", "/partners/{slug}/adjustments", STAFF, {"points": 5, "reason": "Sweep"}),
    Op("POST", "/reviews", STAFF, {"as_of": "2025-03-01", "dry_run": True}),
    Op("GET", "/reviews/{review_id}", STAFF),
    Op(
        "POST",
        "/certifications/{certification_id}/revoke",
        STAFF,
        {"on": timezone.now().date().isoformat(), "reason": "Sweep"},
    ),
    Op("POST", "/whatif", STAFF),
    Op("GET", "/hooks/deliveries", STAFF),
    Op("GET", "/hooks/deliveries/{delivery_id}", STAFF),
    Op("POST", "/hooks/deliveries/{delivery_id}/replay", STAFF),
    Op("POST", "/applications", PUBLIC, APPLICATION),
    Op("GET", "/applications", STAFF),
    Op("POST", "/applications/{application_id}/approve", STAFF, {}),
    Op("POST", "/applications/{application_id}/reject", STAFF, {"reason": "Sweep"}),
    Op("POST", "/leads", PUBLIC, LEAD),
    Op("GET", "/partners/{slug}/leads", READ),
    Op("GET", "/partners/{slug}/price", READ),
    Op("GET", "/partners/{slug}/quotas", READ),
    Op("GET", "/partners/{slug}/tickets", READ),
    Op("POST", "/partners/{slug}/tickets", PERSON, {"subject": "Sweep", "body": "Help"}),
    Op("GET", "/sla", STAFF),
    Op("GET", "/meeting-slots", ANY),
    Op("POST", "/partners/{slug}/meetings", PERSON, {"slot_id": 999999}),
    Op("GET", "/partners/{slug}/appeals", READ),
    Op(
        "POST",
        "/partners/{slug}/appeals",
        PERSON,
        {"kind": "submission", "target_id": 999999, "reason": ""},
    ),
    Op("GET", "/roadmap-requests", ANY),
    Op("POST", "/partners/{slug}/roadmap-requests", PERSON, {"title": "T", "description": "D"}),
    Op("POST", "/roadmap-requests/{request_id}/votes", ANY, {}),
    Op("POST", "/roadmap-requests/{request_id}/status", STAFF, {"status": "planned"}),
    Op("GET", "/events", ANY),
    Op("POST", "/partners/{slug}/events/{event_id}/registrations", PERSON, {"person_id": 999999}),
    Op("POST", "/events/{event_id}/attendance", STAFF, {"person_id": 999999}),
]
QUERY = {"/partners/{slug}/price": "?product_class=services&list_cents=10000"}

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
MULTIPART = {
    "/whatif": lambda: {"as_of": "2025-03-01"},
    "/partners/{slug}/submissions/upload": lambda: {
        "activity": "case_study",
        "occurred_on": "2025-02-01",
        "description": "With a file",
        "evidence_file": SimpleUploadedFile("case.pdf", PDF, "application/pdf"),
    },
}

WHO = [None, "acme_member", "acme_admin", "staff", "acme_read"]


def test_the_sweep_covers_every_operation_in_the_openapi_description():
    schema = api.get_openapi_schema()
    documented = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert documented == {(op.method, op.path) for op in OPS}


def _state():
    return (
        Entry.objects.count(),
        list(Submission.objects.order_by("pk").values_list("pk", "status")),
        list(Delivery.objects.order_by("pk").values_list("pk", "status", "attempts")),
        ReviewRun.objects.count(),
        CertificationRevocation.objects.count(),
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        Ticket.objects.count(),
        Meeting.objects.count(),
        list(RoadmapRequest.objects.order_by("pk").values_list("pk", "status")),
        RoadmapVote.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )


def _expected(op: Op, who: str | None, target: str) -> str:
    if op.kind == PUBLIC:
        return "ok"
    if who is None:
        return "401"
    if who == "acme_read" and op.method == "POST":
        return "403"
    own = who != "staff" and target == "acme"
    if op.kind == ANY:
        return "ok"
    if op.kind == STAFF:
        return "ok" if who == "staff" else "403"
    if op.kind == READ:
        return "ok" if who == "staff" or own else "404"
    # PERSON: only the partner's own people; staff has no person (403), others see nothing (404).
    if who == "staff":
        return "403"
    return "ok" if own else "404"


@pytest.mark.parametrize("target", ["acme", "globex"])
def test_every_operation_for_every_caller(world, as_, target, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    subs = {}
    for partner, person in [(world.acme, world.acme_admin), (world.globex, world.globex_admin)]:
        subs[partner.slug] = submission_create(
            partner=partner,
            person=person,
            activity="case_study",
            occurred_on=date(2025, 2, 1),
            description="Pending",
            evidence_url="https://7xwebsites.com/x",
        ).pk
    delivery = Delivery.objects.create(
        source="community",
        delivery_id="d1",
        event="forum.post_created",
        payload={},
        status="parked",
    )
    run = ReviewRun.objects.create(as_of=date(2025, 3, 1))
    person = {"acme": world.acme_admin, "globex": world.globex_admin}[target]
    cert = certification_record(person=person, type="developer", earned_on=date(2025, 1, 10))
    applied = application_submit(**APPLICATION).application
    assert applied is not None
    application_confirm(token=confirm_token(applied))
    numbers = {
        p.slug: plan_choose(partner=p, plan="silver", on=date(2025, 3, 1)).invoice.number
        for p in (world.acme, world.globex)
    }
    for partner in (world.acme, world.globex):
        contract_issue(partner=partner, kind="joining", on=date(2025, 3, 1))
    roadmap = RoadmapRequest.objects.create(
        partner=world.globex,
        person=world.globex_admin,
        plan="gold",
        title="Sweep wish",
        description="Public",
        created_at=timezone.now(),
    )
    start = timezone.now().date() + timedelta(days=7)
    event = event_create(
        staff=world.staff,
        fields=EventFields(
            title="Sweep",
            kind=EventKind.WEBINAR,
            starts_on=start,
            ends_on=start,
            capacity=5,
            online_url="https://7x.example/live",
        ),
    )
    failures = []
    for op in OPS:
        path = op.path.format(
            slug=target,
            submission_id=subs[target],
            delivery_id=delivery.pk,
            review_id=run.pk,
            application_id=applied.pk,
            certification_id=cert.certification.pk,
            number=numbers[target],
            request_id=roadmap.pk,
            event_id=event.pk,
        )
        for who in WHO:
            client = as_(who)
            before = _state()
            if op.method == "GET":
                response = client.get(path + QUERY.get(op.path, ""))
            elif op.path in MULTIPART:
                data = MULTIPART[op.path]()
                response = client.client.post(f"/api/v1{path}", data, **client.headers)
            else:
                response = client.post(path, op.body)
            status = response.status_code
            expected = _expected(op, who, target)
            if expected == "ok":
                # A business refusal of the service (such as not_allowed) is not an access refusal.
                code = response.json().get("code") if status >= 400 else ""
                ok = status < 500 and status not in (401, 404) and code != "forbidden"
            else:
                ok = str(status) == expected and _state() == before
            if ok and who in ("acme_member", "acme_admin", "acme_read") and status < 300:
                ok = b"globex" not in response.content
            if status >= 500 or not ok:
                failures.append(
                    f"{op.method} {path} as {who}: {status} (expected {expected}) {response.content[:200]!r}"
                )
    assert failures == []
