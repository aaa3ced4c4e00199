"""Partner pages, logos, badges (including after a drop) and the verify page."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from PIL import Image

from partnercenter.directory.services import listing_update
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Person
from partnercenter.partners.services import certification_record
from partnercenter.review.services import review_run
from partnercenter.submissions.models import Submission
from tests.directory.factories import leveled

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int] = (800, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_partner_page_shows_what_the_partner_wrote_and_what_7x_knows(edition, make_partner) -> None:
    # given a Gold partner with a page, certifications and an approved case study
    p = leveled(make_partner, "alpha", "gold", name="Alpha", website="https://alpha.example")
    person = Person.objects.create(partner=p, name="Secret Person", email="s@alpha.example")
    certification_record(person=person, type="wcms", earned_on=date(2025, 6, 1))
    certification_record(person=person, type="sales", earned_on=date(2025, 6, 1))
    listing_update(
        partner=p, description="We host things.", services=["Hosting", "Backups"], logo=png()
    )
    Submission.objects.create(
        partner=p, submitted_by=person, activity="case_study", edition_id="2025-01-01",
        occurred_on=date(2025, 5, 1), description="Fjordline intranet\nmore text",
        evidence_url="https://alpha.example/case", status="approved",
    )  # fmt: skip
    Submission.objects.create(
        partner=p, submitted_by=person, activity="case_study", edition_id="2025-01-01",
        occurred_on=date(2025, 5, 2), description="Pending study", status="pending",
    )  # fmt: skip
    # when anyone opens the page
    body = Client().get("/partners/alpha/").content.decode()
    # then
    assert "<title>Alpha — Gold partner" in body and '<meta name="description"' in body
    assert "We host things." in body and "Backups" in body and "https://alpha.example" in body
    assert "WCMS: 1" in body and "Sales: 1" in body and "Secret Person" not in body
    assert "Fjordline intranet" in body and "Pending study" not in body
    assert "Gold since 1 January 2026" in body
    logo = Client().get("/partners/alpha/logo.png")
    assert logo["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(logo.content)).size == (512, 256)


@pytest.mark.parametrize("status", ["lapsed", "terminated", "suspended"])
def test_unlisted_partners_have_no_page_logo_or_badge(edition, make_partner, status) -> None:
    p = leveled(make_partner, "gone", "gold", status=status)
    listing_update(partner=p, description="x", services=[], logo=png())
    client = Client()
    assert client.get("/partners/gone/").status_code == 404
    assert client.get("/partners/gone/logo.png").status_code == 404
    badge = client.get("/badge/gone.svg")
    assert badge.status_code == 404 and badge["Content-Type"].startswith("text/plain")
    assert client.get("/verify/gone").status_code == 404


@pytest.mark.parametrize(
    ("level", "status", "text"),
    [
        ("platinum", 200, "Exponential certified — Platinum"),
        ("gold", 200, "Exponential certified — Gold"),
        ("silver", 200, "Exponential certified — Silver"),
        ("professional", 200, "Exponential Partner — Professional"),
        ("basic", 404, "no badge"),
        ("starter", 404, "no badge"),
    ],
)
def test_badge_for_each_level(edition, make_partner, level, status, text) -> None:
    leveled(make_partner, "acme", level)
    response = Client().get("/badge/acme.svg")
    assert response.status_code == status
    assert text in response.content.decode()
    if status == 200:
        assert response["Content-Type"] == "image/svg+xml"
        assert response["Cache-Control"] == "public, max-age=300"
        assert "http://testserver/verify/acme" in response.content.decode()
    else:
        assert response["Content-Type"].startswith("text/plain")


def test_badge_of_an_unknown_slug_is_a_plain_404(edition) -> None:
    response = Client().get("/badge/nobody.svg")
    assert response.status_code == 404 and b"<svg" not in response.content


def _give(partner, points: int, when: datetime, key: str) -> None:  # type: ignore[no-untyped-def]
    entry_post(
        partner=partner, activity="project", points=points, occurred_at=when,
        source=Source.REPORTED, reason="Customer project", idempotency_key=key,
    )  # fmt: skip


def test_badge_and_verify_follow_a_drop_at_once(edition, make_partner) -> None:
    # given a demo-like Silver partner whose big project leaves the window
    p = make_partner("cobalt", name="Cobalt Creative", profile="creative")
    person = Person.objects.create(partner=p, name="C", email="c@cobalt.example")
    certification_record(person=person, type="wcms", earned_on=date(2025, 6, 1))
    certification_record(person=person, type="sales", earned_on=date(2025, 6, 1))
    _give(p, 15_000, datetime(2025, 1, 15, 12, tzinfo=UTC), "big")
    _give(p, 6_000, datetime(2025, 10, 1, 12, tzinfo=UTC), "small")
    review_run(as_of=date(2025, 12, 1))
    client = Client()
    assert "Exponential certified — Silver" in client.get("/badge/cobalt.svg").content.decode()
    assert "Cobalt Creative is a Silver partner" in client.get("/verify/cobalt").content.decode()
    # when the next review no longer counts the big project
    review_run(as_of=date(2026, 2, 1))
    # then the badge and the verify page show the new level at once
    badge = client.get("/badge/cobalt.svg").content.decode()
    assert "Exponential Partner — Professional" in badge and "Silver" not in badge
    verify = client.get("/verify/cobalt").content.decode()
    assert "Cobalt Creative is a Professional partner" in verify
    assert "1 February 2026" in verify  # level since the drop


def test_verify_page_states_level_since_validity_and_edition(edition, make_partner) -> None:
    leveled(make_partner, "acme", "gold", name="Acme")
    from partnercenter.partners.models import Partner

    Partner.objects.filter(slug="acme").update(valid_until=date(2026, 12, 31))
    body = Client().get("/verify/acme").content.decode()
    assert "Acme is a Gold partner" in body
    assert "1 January 2026" in body and "31 December 2026" in body and "2025-01-01" in body
    assert "Exponential certified — Gold" in body
    missing = Client().get("/verify/nobody")
    assert missing.status_code == 404 and "not a partner listed" in missing.content.decode()
