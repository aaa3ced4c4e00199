"""Roadmap requests over the API: list by votes, file (plans that bring it), vote once, staff
status; every refusal is `{code, message, field}` and changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.engagement.models import RoadmapRequest, RoadmapVote
from partnercenter.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def gold(world: Any) -> Any:
    world.acme.plan = "gold"
    world.acme.plan_paid_until = date(2100, 1, 1)
    world.acme.save()
    return world.acme


def test_file_vote_list_and_set_status(gold: Any, as_: Any) -> None:
    # Given Acme (Gold) files a request
    filed = as_("acme_member").post(
        "/partners/acme/roadmap-requests", {"title": "Dark mode", "description": "Please"}
    )
    assert filed.status_code == 201, filed.content
    rid = filed.json()["id"]
    assert filed.json()["mine"] is True and filed.json()["votes"] == 0
    # When Globex votes (once), and a second vote is refused
    voted = as_("globex_admin").post(f"/roadmap-requests/{rid}/votes", {})
    assert voted.status_code == 201 and voted.json() == {"request_id": rid, "votes": 1}
    again = as_("globex_admin").post(f"/roadmap-requests/{rid}/votes", {})
    assert again.status_code == 409
    assert again.json()["code"] == "already_voted" and again.json()["field"] == "request"
    own = as_("acme_admin").post(f"/roadmap-requests/{rid}/votes", {})
    assert (own.status_code, own.json()["code"]) == (409, "own_request")
    assert RoadmapVote.objects.count() == 1
    # Then the list shows the vote, and staff set the status
    (row,) = as_("globex_admin").get("/roadmap-requests").json()
    assert (row["votes"], row["voted"], row["mine"]) == (1, True, False)
    status = as_("staff").post(
        f"/roadmap-requests/{rid}/status", {"status": "in_progress", "note": "Building it"}
    )
    assert status.status_code == 200, status.content
    assert (status.json()["status"], status.json()["status_note"]) == ("in_progress", "Building it")
    assert Message.objects.filter(kind="roadmap_status", to_email="ada@acme.test").exists()


def test_filing_without_the_right_is_refused(world: Any, as_: Any) -> None:
    response = as_("globex_admin").post(
        "/partners/globex/roadmap-requests", {"title": "T", "description": "D"}
    )
    assert response.status_code == 403
    body = response.json()
    assert (body["code"], body["field"]) == ("no_right", "title")
    assert "Gold Partner Plan" in body["message"]
    assert RoadmapRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": " ", "description": "D"}, "title"),
        ({"title": "T", "description": ""}, "description"),
    ],
)
def test_empty_fields_are_named(gold: Any, as_: Any, payload: dict[str, str], field: str) -> None:
    response = as_("acme_member").post("/partners/acme/roadmap-requests", payload)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert RoadmapRequest.objects.count() == 0


def test_unknown_status_and_unknown_request(gold: Any, as_: Any) -> None:
    rid = (
        as_("acme_member")
        .post("/partners/acme/roadmap-requests", {"title": "T", "description": "D"})
        .json()["id"]
    )
    bad = as_("staff").post(f"/roadmap-requests/{rid}/status", {"status": "shipped"})
    assert (bad.status_code, bad.json()["field"]) == (400, "status")
    missing = as_("staff").post("/roadmap-requests/999999/status", {"status": "done"})
    assert missing.status_code == 404
    vote = as_("globex_admin").post("/roadmap-requests/999999/votes", {})
    assert vote.status_code == 404
    assert RoadmapRequest.objects.get().status == "new"
    assert (
        as_("acme_member").post(f"/roadmap-requests/{rid}/status", {"status": "done"}).status_code
        == 403
    )
