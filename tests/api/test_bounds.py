"""Issue 8, defect 3: every integer and date the API accepts is bounded; too large is a 422.

`"people": [9223372036854775808]` was an OverflowError (a 500); `GET /edition?on=0`
was read as a Unix timestamp and accepted.
"""

from __future__ import annotations

import pytest

from partnercenter.submissions.models import Submission

pytestmark = pytest.mark.django_db

HUGE = 2**63


def test_a_too_large_person_id_is_a_422_naming_the_field(world, as_) -> None:
    body = {
        "activity": "case_study",
        "occurred_on": "2025-02-01",
        "description": "Overflow",
        "people": [HUGE],
    }
    response = as_("acme_admin").post("/partners/acme/submissions", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "payload.people.0"
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/reviews/{HUGE}", "review_id"),
        ("/reviews/0", "review_id"),
        (f"/hooks/deliveries/{HUGE}", "delivery_id"),
        (f"/submissions?limit={HUGE}", "limit"),
        ("/partners?limit=0", "limit"),
        ("/edition?on=0", "on"),
        ("/edition?on=20250101", "on"),
        ("/partners/acme/standing?as_of=1700000000", "as_of"),
        ("/partners/acme/entries?since=-1", "since"),
    ],
)
def test_out_of_range_numbers_and_non_dates_are_a_422(world, as_, path, field) -> None:
    response = as_("staff").get(path)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == field


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (f"/submissions/{HUGE}/approve", {}, "submission_id"),
        (f"/applications/{HUGE}/approve", {}, "application_id"),
        ("/reviews", {"as_of": 0}, "payload.as_of"),
        ("/reviews", {"as_of": "0"}, "payload.as_of"),
        ("/reviews", {"as_of": "2025-03-01", "dry_run": "yes"}, "payload.dry_run"),
        ("/partners/acme/adjustments", {"points": HUGE, "reason": "x"}, "payload.points"),
        ("/partners/acme/adjustments", {"points": True, "reason": "x"}, "payload.points"),
    ],
)
def test_out_of_range_bodies_and_paths_on_posts_are_a_422(world, as_, path, body, field) -> None:
    response = as_("staff").post(path, body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_iso_dates_still_work(world, as_) -> None:
    assert as_("staff").get("/edition?on=2025-06-01").status_code == 200
