"""`POST/GET /api/v1/partners/{slug}/appeals`: file once, refusals named, nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.appeals.models import Appeal
from tests.appeals.factories import rejected_submission

pytestmark = pytest.mark.django_db


def test_file_list_and_refuse_a_second_appeal(world: Any, as_: Any) -> None:
    s = rejected_submission(world.acme, world.acme_admin, world.staff)
    admin = as_("acme_admin")
    body = {"kind": "submission", "target_id": s.pk, "reason": "It is public now."}
    created = admin.post("/partners/acme/appeals", body)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "pending" and created.json()["target_id"] == s.pk
    again = admin.post("/partners/acme/appeals", {**body, "reason": "Again"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_appealed" and again.json()["field"] == "target"
    listed = admin.get("/partners/acme/appeals").json()
    assert [a["id"] for a in listed] == [created.json()["id"]]
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "body", "status", "field"),
    [
        ("acme_admin", {"reason": " "}, 400, "reason"),
        ("acme_member", {}, 403, ""),
        ("acme_admin", {"target_id": 999_999}, 404, "target"),
    ],
)
def test_refusals_name_the_field_and_change_nothing(
    world: Any, as_: Any, who: str, body: dict[str, Any], status: int, field: str
) -> None:
    s = rejected_submission(world.acme, world.acme_admin, world.staff)
    payload = {"kind": "submission", "target_id": s.pk, "reason": "Why", **body}
    response = as_(who).post("/partners/acme/appeals", payload)
    assert response.status_code == status and response.json()["field"] == field
    assert not Appeal.objects.exists()


def test_another_partners_submission_is_not_found(world: Any, as_: Any) -> None:
    theirs = rejected_submission(world.globex, world.globex_admin, world.staff)
    response = as_("acme_admin").post(
        "/partners/acme/appeals", {"kind": "submission", "target_id": theirs.pk, "reason": "x"}
    )
    assert response.status_code == 404 and not Appeal.objects.exists()
