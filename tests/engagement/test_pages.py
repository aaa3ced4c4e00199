"""The doors refuse bad input by field and change nothing: back-office announcements and
statuses, portal service requests and filing without the right."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.engagement.models import (
    Announcement,
    RoadmapRequest,
    ServiceRequest,
)
from partnercenter.engagement.roadmap import roadmap_request_file
from partnercenter.notifications.models import Message


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


GOOD = {"kind": "announcement", "subject": "S", "body": "B", "action": "send"}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"subject": ""}, "Write a subject."),
        ({"levels": "legendary"}, "Unknown level: legendary"),
        ({"profiles": "plumbing"}, "Unknown profile: plumbing"),
        ({"countries": "XX"}, "Unknown country: XX"),
    ],
)
def test_bad_announcements_are_refused_on_the_page(
    pair: Any, changes: dict[str, str], words: str
) -> None:
    response = _client(pair.staff).post("/backoffice/announcements/", {**GOOD, **changes})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert Announcement.objects.count() == 0 and not Message.objects.exists()


def test_preview_counts_and_writes_nothing(pair: Any) -> None:
    response = _client(pair.staff).post(
        "/backoffice/announcements/", {**GOOD, "action": "preview", "levels": "gold"}
    )
    assert "This reaches 1 partner: 2 emails" in response.content.decode()
    assert Announcement.objects.count() == 0


def test_send_redirects_and_is_listed(pair: Any, django_capture_on_commit_callbacks: Any) -> None:
    from partnercenter.engagement.tasks import announcement_deliver_job

    # when staff press Send, the request queues the job and sends nothing itself
    client = _client(pair.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/backoffice/announcements/", {**GOOD, "countries": "FR"})
    assert response.status_code == 302
    a = Announcement.objects.get()
    assert a.status == "sending" and not Message.objects.filter(kind="announcement").exists()
    page = client.get("/backoffice/announcements/").content.decode()
    assert "Sending to 1 partner" in page and "everyone active" not in page
    # then the job (run here as the worker would) delivers, and the page shows the counts
    assert announcement_deliver_job.call(a.pk) == {"partners": 1, "emails": 2}
    assert Announcement.objects.get().emails_count == 2
    assert "Sending to" not in client.get("/backoffice/announcements/").content.decode()


def test_a_service_the_level_lacks_is_refused_in_the_portal(pair: Any) -> None:
    client = _client(pair.basic_member.user)
    response = client.post(
        "/portal/services/", {"benefit": "co_marketing", "message": "m"}, follow=True
    )
    assert "The Gold level brings it." in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_filing_without_the_right_shows_no_form(pair: Any) -> None:
    client = _client(pair.basic_member.user)
    page = client.get("/portal/roadmap/").content.decode()
    assert "Basic Partner Plan does not bring roadmap requests" in page
    assert "File request" not in page
    response = client.post("/portal/roadmap/", {"title": "T", "description": "D"})
    assert response.status_code == 400
    assert RoadmapRequest.objects.count() == 0


def test_staff_status_refusals_on_the_page(pair: Any) -> None:
    r = roadmap_request_file(person=pair.gold_member, title="T", description="D")
    response = _client(pair.staff).post(
        f"/backoffice/roadmap/{r.pk}/", {"status": "shipped", "note": ""}
    )
    assert response.status_code == 400
    assert "Choose a status" in response.content.decode()
    r.refresh_from_db()
    assert r.status == "new"


def test_a_double_submit_sends_once(pair: Any) -> None:
    client = _client(pair.staff)
    for _ in range(2):
        response = client.post("/backoffice/announcements/", {**GOOD, "send_key": "k1"})
        assert response.status_code == 302
    assert Announcement.objects.count() == 1
    from partnercenter.engagement.tasks import announcement_deliver_job

    announcement_deliver_job.call(Announcement.objects.get().pk)
    assert Message.objects.filter(kind="announcement").count() == 4
