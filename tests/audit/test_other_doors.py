"""Staff actions through the API, the command line, the admin and sign-in write audit rows."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from partnercenter.api.services import token_create
from partnercenter.audit.models import AuditEvent
from partnercenter.submissions.services import submission_create
from tests.conftest import SHIPPED_EDITION
from tests.submissions.factories import PASSWORD, World

pytestmark = pytest.mark.django_db


def _api(world: World) -> Client:
    secret = token_create(user=world.staff, name="t", scopes=["write"], expires_at=None)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="203.0.113.9")


def _submission(world: World) -> int:
    return submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study",
        evidence_url="https://example.com/case",
    ).pk


def _application() -> int:
    from partnercenter.applications.services import (
        application_confirm,
        application_submit,
        confirm_token,
    )
    from tests.applications.conftest import fields

    made = application_submit(**fields()).application
    assert made is not None
    return application_confirm(token=confirm_token(made)).application.pk


def _delivery() -> int:
    from partnercenter.hooks.models import Delivery

    return Delivery.objects.create(source="community", delivery_id="d1", event="post", payload={}).pk  # fmt: skip


API_CASES: dict[str, Any] = {
    "delivery.replay": lambda w: (f"/api/v1/hooks/deliveries/{_delivery()}/replay", {}),
    "application.approve": lambda w: (f"/api/v1/applications/{_application()}/approve", {}),
    "application.reject": lambda w: (
        f"/api/v1/applications/{_application()}/reject",
        {"reason": "No."},
    ),  # fmt: skip
    "ledger.adjust": lambda w: (
        "/api/v1/partners/acme/adjustments",
        {"points": 10, "reason": "Goodwill"},
    ),  # fmt: skip
    "review.run": lambda w: ("/api/v1/reviews", {"as_of": "2025-03-01", "dry_run": False}),
    "submission.approve": lambda w: (f"/api/v1/submissions/{_submission(w)}/approve", {}),
    "submission.reject": lambda w: (
        f"/api/v1/submissions/{_submission(w)}/reject",
        {"reason_code": "other", "text": "No."},
    ),  # fmt: skip
}


@pytest.mark.parametrize("action", sorted(API_CASES))
def test_api_staff_actions_write_a_row(world: World, action: str) -> None:
    url, body = API_CASES[action](world)

    response = _api(world).post(url, body, content_type="application/json")

    assert response.status_code < 300, response.content
    row = AuditEvent.objects.get(action=action)
    assert (row.actor_id, row.ip, row.path) == (world.staff.pk, "203.0.113.9", url)


def test_an_api_adjustment_replayed_with_its_key_records_once(world: World) -> None:
    api = _api(world)
    for _ in range(2):
        api.post("/api/v1/partners/acme/adjustments", {"points": 10, "reason": "Goodwill"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")  # fmt: skip

    assert AuditEvent.objects.filter(action="ledger.adjust").count() == 1


def test_program_load_records_a_new_edition_only(tmp_path: Any) -> None:
    text = SHIPPED_EDITION.read_text()
    text = text.replace('edition = "2025-01-01"', 'edition = "2027-01-01"')
    text = text.replace("effective_from = 2025-01-01", "effective_from = 2027-01-01")
    path = tmp_path / "2027-01-01.toml"
    path.write_text(text)

    for _ in range(2):
        call_command("program", "load", str(path), stdout=io.StringIO())

    row = AuditEvent.objects.get(action="edition.load")
    assert row.target_id == "2027-01-01" and row.actor_label.startswith("command line (")
    assert row.actor_id is None and row.ip is None


def test_review_from_the_command_line_records_unless_dry_run(world: World) -> None:
    call_command("review", "--as-of", "2025-12-01", "--dry-run", stdout=io.StringIO())
    assert not AuditEvent.objects.exists()

    call_command("review", "--as-of", "2025-12-01", stdout=io.StringIO())

    row = AuditEvent.objects.get(action="review.run")
    assert row.details["as_of"] == "2025-12-01" and "total" in row.details


@pytest.mark.parametrize(
    ("url", "via"), [("/portal/login/", "portal"), ("/portal/login/?next=/admin/", "admin")]
)
def test_staff_sign_in_is_recorded(world: World, url: str, via: str) -> None:
    client = Client(REMOTE_ADDR="192.0.2.1")
    client.get(url)

    response = client.post(url, {"login": world.staff.username, "password": PASSWORD})

    assert response.status_code == 302
    row = AuditEvent.objects.get(action="staff.sign_in")
    assert (row.actor_id, row.ip, row.path) == (world.staff.pk, "192.0.2.1", url.split("?")[0])
    assert row.details == {"via": via, "second_factor": False}


def test_the_admin_sign_in_is_the_accounts_sign_in(world: World) -> None:
    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/portal/login/?next=%2Fadmin%2F"


def test_partner_sign_in_and_a_wrong_password_are_not_staff_sign_ins(world: World) -> None:
    client = Client()
    client.post("/portal/login/", {"login": "max@acme.example", "password": PASSWORD})
    Client().post("/portal/login/", {"login": world.staff.username, "password": "wrong-one"})

    assert not AuditEvent.objects.filter(action="staff.sign_in").exists()


def test_changing_a_partner_in_the_admin_records_before_and_after(world: World) -> None:
    admin = User.objects.create_superuser("root@7x.example", "root@7x.example", PASSWORD)
    client = Client()
    client.force_login(admin)
    url = f"/admin/partners/partner/{world.a.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "name": "Acme Renamed",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
        }
    )

    client.post(url, data)

    row = AuditEvent.objects.get(action="partner.update")
    assert row.target_id == "acme"
    assert row.details["changed"]["name"] == {"before": "Acme", "after": "Acme Renamed"}
