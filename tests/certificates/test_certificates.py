"""Certificates: a person's certification and the partner's certified level as PDFs with a
verification code; the same facts give the same document, changed facts a new one; refusals
(revoked, expired, below Silver) name the field and issue nothing."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.certificates.errors import NotCertifiable
from partnercenter.certificates.models import Certificate
from partnercenter.certificates.selectors import next_review_on, partner_certificate_rows
from partnercenter.certificates.services import (
    certificate_for_certification,
    certificate_for_level,
)
from partnercenter.documents.models import Document
from partnercenter.partners.services import certification_record, certification_revoke
from partnercenter.review.models import TierDecision
from tests.submissions.factories import make_world

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 14, 10, tzinfo=UTC)
"""Certificates are issued at this moment (revocations happen "today", before or after)."""
OUT = Path("/tmp/certificates")


@pytest.fixture
def world(db: Any, make_partner: Any) -> Any:
    w = make_world(make_partner)
    w.a.current_level = "gold"
    w.a.save()
    for as_of, level in [
        (date(2026, 1, 1), "silver"),
        (date(2026, 2, 1), "gold"),
        (date(2026, 3, 1), "gold"),
    ]:
        TierDecision.objects.create(
            partner=w.a,
            as_of=as_of,
            edition_id="2025-01-01",
            facts={},
            level=level,
            direction="same",
            explanation={},
        )
    return w


def _png(pdf: bytes, name: str) -> Path:
    """Render the first page at 60 dpi (looked at by eye; see the report)."""
    OUT.mkdir(exist_ok=True)
    src = OUT / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(src), str(OUT / name)],
        check=True,
    )
    (png,) = OUT.glob(f"{name}*.png")
    return png


def _text(pdf: bytes) -> str:
    src = OUT / "text.pdf"
    OUT.mkdir(exist_ok=True)
    src.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_certification_certificate(world: Any) -> None:
    cert = certification_record(
        person=world.a_member,
        type="developer",
        earned_on=date(2026, 2, 3),
        expires_on=date(2028, 2, 3),
    ).certification
    issued = certificate_for_certification(certification=cert, at=AT)
    pdf = bytes(issued.document.pdf)
    text = _text(pdf)
    for expected in (
        "Max",
        "Exponential Developer",
        "Acme",
        "3 February 2026",
        "3 February 2028",
        issued.document.code,
    ):
        assert expected in text
    assert _png(pdf, "certification").stat().st_size > 1000
    # The same facts: the same document.
    assert certificate_for_certification(certification=cert, at=AT).pk == issued.pk
    assert Document.objects.count() == 1


def test_level_certificate_since_and_valid_until(world: Any) -> None:
    issued = certificate_for_level(partner=world.a, at=AT)
    assert issued.facts["since"] == "2026-02-01"
    assert issued.facts["valid_until"] == "2026-04-01"
    text = _text(bytes(issued.document.pdf))
    assert "Exponential certified — Gold" in text
    assert "1 February 2026" in text and "1 April 2026" in text
    assert _png(bytes(issued.document.pdf), "level").stat().st_size > 1000
    # A later review period changes the facts: a new certificate, the old one superseded.
    again = certificate_for_level(partner=world.a, at=datetime(2026, 4, 2, tzinfo=UTC))
    assert again.pk != issued.pk and issued.superseded and not again.superseded
    assert (
        certificate_for_level(partner=world.a, at=datetime(2026, 4, 20, tzinfo=UTC)).pk == again.pk
    )


@pytest.mark.parametrize("level", ["professional", "", "starter"])
def test_level_below_silver_is_refused(world: Any, level: str) -> None:
    world.a.current_level = level
    world.a.save()
    with pytest.raises(NotCertifiable) as refused:
        certificate_for_level(partner=world.a, at=AT)
    assert refused.value.field == "subject"
    assert Certificate.objects.count() == Document.objects.count() == 0


def test_revoked_and_expired_certifications_are_refused(world: Any) -> None:
    expired = certification_record(
        person=world.a_member, type="sales", earned_on=date(2024, 1, 1), expires_on=date(2025, 1, 1)
    ).certification
    revoked = certification_record(
        person=world.a_admin, type="wcms", earned_on=date(2026, 1, 1)
    ).certification
    certification_revoke(
        certification=revoked, on=timezone.now().date(), reason="Exam voided", user=world.staff
    )
    revoked.refresh_from_db()
    for c in (expired, revoked):
        with pytest.raises(NotCertifiable):
            certificate_for_certification(certification=c, at=AT)
    assert Certificate.objects.count() == 0
    rows = {r.subject: r for r in partner_certificate_rows(world.a, AT.date())}
    assert "expired" in rows[f"certification:{expired.pk}"].refusal
    assert "revoked" in rows[f"certification:{revoked.pk}"].refusal


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), date(2026, 4, 1)),
        (date(2026, 3, 31), date(2026, 4, 1)),
        (date(2026, 12, 5), date(2027, 1, 1)),
    ],
)
def test_next_review(db: Any, edition: Any, today: date, expected: date) -> None:
    assert next_review_on(today) == expected


def test_verify_page_names_what_is_certified(world: Any) -> None:
    issued = certificate_for_level(partner=world.a, at=AT)
    page = Client().get(f"/documents/verify/{issued.document.code}/").content.decode()
    assert "Exponential certified — Gold" in page
    assert "Genuine document" in page
