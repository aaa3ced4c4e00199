"""A partner's "reviewed as of" date is its latest decision's (issue 14: no longer stored on the
partner row): the API, the portal dashboard and the certificate's "level since" show it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from partnercenter.certificates.selectors import level_since
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Partner
from partnercenter.review.services import review_run
from tests.api.conftest import World

pytestmark = pytest.mark.django_db


def _reviewed(world: World) -> None:
    """Acme earns a level in June 2025; reviews of December and January, then one of the past."""
    entry_post(
        partner=world.acme, activity="project", points=6000,
        occurred_at=datetime(2025, 6, 15, 12, tzinfo=UTC), source=Source.REPORTED,
        reason="Customer project", idempotency_key="p1",
    )  # fmt: skip
    review_run(as_of=date(2025, 12, 1))
    review_run(as_of=date(2026, 1, 1))
    review_run(as_of=date(2025, 11, 1))  # an earlier date reviewed later changes nothing here


def test_the_api_shows_the_latest_review_date(world: World, as_: Callable[..., Any]) -> None:
    # Given two monthly reviews and a later review of an earlier month
    _reviewed(world)
    # When a partner admin and staff read the partner
    one = as_("acme_admin").get("/partners/acme").json()
    listed = {p["slug"]: p for p in as_("staff").get("/partners").json()["items"]}
    # Then both give the latest review's date, and its level
    assert (one["current_level"], one["current_level_as_of"]) == ("professional", "2026-01-01")
    assert listed["acme"]["current_level_as_of"] == "2026-01-01"
    assert listed["globex"]["current_level_as_of"] == "2026-01-01"


def test_a_partner_never_reviewed_has_no_date(world: World, as_: Callable[..., Any]) -> None:
    # Given no review yet
    # When the partner is read
    one = as_("acme_admin").get("/partners/acme").json()
    # Then it has no level and no review date
    assert (one["current_level"], one["current_level_as_of"]) == ("", None)
    assert Partner.objects.get(slug="acme").current_level_as_of is None


def test_dashboard_and_certificate_show_the_review_date(world: World) -> None:
    # Given two monthly reviews at the same level
    _reviewed(world)
    client = Client()
    client.force_login(world.acme_admin.user)  # type: ignore[arg-type]
    # When the partner admin opens the dashboard
    page = client.get("/portal/").content.decode()
    # Then it says when the level was last reviewed, and the certificate's level holds since
    # the first review of the run at that level
    assert "reviewed 1 Jan 2026" in page
    assert level_since(Partner.objects.get(slug="acme")) == date(2025, 11, 1)
