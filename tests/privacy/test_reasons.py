"""No posting path writes a person's name, email or login into a ledger entry's reason.

Entries are append-only and outlive an erasure; they name people by id only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.api.services import token_create
from partnercenter.backoffice.services import adjustment_post
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_reverse
from partnercenter.partners.services import anniversaries_post, certification_record
from partnercenter.submissions.services import submission_approve, submission_create
from tests.hooks.conftest import community_delivery, github_delivery, store_delivery
from tests.privacy.conftest import ZELDA_MARKS, Team

pytestmark = pytest.mark.django_db


def _certification(team: Team) -> None:
    certification_record(person=team.zelda, type="sales", earned_on=date(2025, 2, 1))


def _submissions(team: Team) -> None:
    per_person = submission_create(
        partner=team.acme,
        person=team.zelda,
        activity="event_participation",
        occurred_on=date(2025, 3, 1),
        description="Zelda Unique spoke at the Lisbon meetup",
        people=[team.zelda],
        evidence_url="https://example.com/talk",
    )
    submission_approve(submission=per_person, staff_user=team.staff)
    per_partner = submission_create(
        partner=team.acme,
        person=team.zelda,
        activity="case_study",
        occurred_on=date(2025, 3, 2),
        description="Case study written by Zelda Unique (zelda@acme.test)",
        evidence_url="https://example.com/case",
    )
    submission_approve(submission=per_partner, staff_user=team.staff)


def _adjustment_in_the_back_office(team: Team) -> None:
    # The staff member is a Zelda too: their name stays out of the reason as well.
    team.staff.username = "zelda.staff@7x.test"
    team.staff.save()
    client = Client()
    client.force_login(team.staff)
    response = client.post(
        "/backoffice/partners/acme/adjust/", {"points": "40", "reason": "Fair booth", "key": "k1"}
    )
    assert response.status_code == 302, response.content
    adjustment_post(partner=team.acme, points=5, reason="Typo fix", staff_user=team.staff, key="k2")


def _adjustment_through_the_api(team: Team) -> None:
    team.staff.username = "zelda.staff@7x.test"
    team.staff.save()
    later = timezone.now() + timedelta(days=1)
    secret = token_create(user=team.staff, name="t", scopes=["write"], expires_at=later)[1]
    response = Client().post(
        "/api/v1/partners/acme/adjustments",
        {"points": 7, "reason": "API correction"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content


def _webhooks(team: Team) -> None:
    client = Client()
    for source, (body, headers) in (
        ("community", community_delivery(username="zunique")),
        ("github", github_delivery(login="zunique-gh")),
        ("store", store_delivery(order_id="z1", buyer_email="zelda@acme.test")),
    ):
        response = client.post(
            f"/hooks/{source}", data=body, content_type="application/json", **headers
        )
        assert response.status_code == 202, (source, response.content)
    deliveries_drain()


def _anniversary_and_reversal(team: Team) -> None:
    _certification(team)
    anniversaries_post(as_of=date(2025, 6, 1))
    entry_reverse(entry=Entry.objects.get(person=team.zelda), reason="Certificate withdrawn")


PATHS: dict[str, Callable[[Team], None]] = {
    "certification": _certification,
    "submissions": _submissions,
    "back-office adjustment": _adjustment_in_the_back_office,
    "API adjustment": _adjustment_through_the_api,
    "webhooks": _webhooks,
    "anniversary and reversal": _anniversary_and_reversal,
}


@pytest.mark.parametrize("path", PATHS)
def test_no_posting_path_writes_a_name_into_a_reason(team: Team, path: str) -> None:
    # given Zelda Unique (zelda@acme.test, community "zunique", GitHub "zunique-gh")
    team.acme.partner_since = date(2023, 1, 1)
    team.acme.save()
    # when points are posted through this path
    PATHS[path](team)
    # then entries were posted, and none of their reasons carries anything of hers
    entries = list(Entry.objects.values_list("reason", "person_id"))
    assert entries, "the path posted nothing"
    leaks = [r for r, _ in entries if any(mark in r.lower() for mark in ZELDA_MARKS)]
    assert leaks == []


def test_the_ledger_shows_the_persons_current_name_beside_the_reason(team: Team) -> None:
    _certification(team)
    client = Client()
    client.force_login(team.zelda.user)
    html = client.get("/portal/ledger/").content.decode()
    assert "Sales certification earned" in html or "certification earned" in html
    assert "Zelda Unique" in html  # from the person, not the reason
