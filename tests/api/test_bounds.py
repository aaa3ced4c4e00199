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


def test_a_repeated_query_parameter_is_a_422_naming_it(world, as_) -> None:
    response = as_("staff").get("/partners?level=gold&level=silver")
    assert response.status_code == 422 and response.json()["field"] == "level"


@pytest.mark.parametrize("points", [5, 5.0])
def test_a_json_integer_may_be_written_as_a_whole_float(world, as_, points) -> None:
    body = {"points": points, "reason": "Whole"}
    assert as_("staff").post("/partners/acme/adjustments", body).status_code == 201


@pytest.mark.parametrize("points", [5.5, "5", True])
def test_anything_else_is_not_an_integer(world, as_, points) -> None:
    body = {"points": points, "reason": "Not whole"}
    response = as_("staff").post("/partners/acme/adjustments", body)
    assert response.status_code == 422 and response.json()["field"] == "payload.points"


def test_an_upload_without_its_file_is_a_400_naming_it(world, as_) -> None:
    client = as_("acme_admin")
    data = {"activity": "case_study", "occurred_on": "2025-02-01", "description": "No file"}
    response = client.client.post(
        "/api/v1/partners/acme/submissions/upload", data, **client.headers
    )
    assert response.status_code == 400 and response.json()["field"] == "evidence_file"
    assert not Submission.objects.exists()


def test_a_standing_as_of_year_one_is_answered_not_a_500(world, as_) -> None:
    # Found by schemathesis: the 12-month window reached back before year 1.
    response = as_("staff").get("/partners/acme/standing?as_of=0001-01-01")
    assert response.status_code == 200
    assert response.json()["as_of"] == "0001-01-01"
