"""`explain` and `program simulate` say the membership beside the level."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Partner
from tests.conftest import SHIPPED_EDITION

pytestmark = pytest.mark.django_db


def explain(*args: str) -> str:
    out = io.StringIO()
    call_command("explain", *args, stdout=out)
    return out.getvalue()


def test_explain_prints_the_membership(member: Partner) -> None:
    text = explain("acme", "--as-of", "2026-06-01")
    assert "Membership: registered partner" in text and "Starter needs 3,000 points" in text
    data = json.loads(explain("acme", "--as-of", "2026-06-01", "--json"))
    assert data["membership"] == "registered"
    assert data["membership_detail"]["valid_until"] == "2026-12-31"
    assert data["membership_detail"]["has_benefits"] is False


def test_explain_of_a_lapsed_partner_on_the_points_path(member: Partner) -> None:
    Partner.objects.filter(pk=member.pk).update(status="lapsed", plan="", plan_paid_until=None)
    entry_post(partner=member, activity="project", points=6000,
               occurred_at=datetime(2026, 5, 10, tzinfo=UTC), source="reported",
               reason="project", idempotency_key="p1")  # fmt: skip
    text = explain("acme", "--as-of", "2026-06-01", "--with-late")
    assert "Level: Professional" in text and "Membership: lapsed" in text


def test_simulate_prints_the_membership_of_who_moves(member: Partner, tmp_path: Path) -> None:
    entry_post(partner=member, activity="project", points=3500,
               occurred_at=datetime(2026, 5, 10, tzinfo=UTC), source="reported",
               reason="project", idempotency_key="p1")  # fmt: skip
    text = SHIPPED_EDITION.read_text()
    candidate = tmp_path / "candidate.toml"
    candidate.write_text(
        text.replace('edition_id = "2025-01-01"', 'edition_id = "2026-07-01"')
        .replace("effective_from = 2025-01-01", "effective_from = 2026-07-01")
        .replace("points_path_points = 5000", "points_path_points = 3000")
    )
    out = io.StringIO()
    call_command("program", "simulate", str(candidate), "--as-of", "2026-06-01", stdout=out)
    row = next(line for line in out.getvalue().splitlines() if line.startswith("acme"))
    assert "Professional" in row and row.rstrip().endswith("paid plan")
