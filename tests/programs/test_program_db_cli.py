"""`program load` and `program simulate`: the database side of the program command."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from partnercenter.ledger.services import entry_post
from partnercenter.partners.services import partner_create
from partnercenter.programs.models import ProgramEdition
from partnercenter.review.models import TierDecision
from tests.conftest import SHIPPED_EDITION

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("program", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def candidate(tmp_path: Path, silver_points: int) -> Path:
    text = SHIPPED_EDITION.read_text()
    text = text.replace('edition = "2025-01-01"', 'edition = "2027-01-01"')
    text = text.replace("effective_from = 2025-01-01", "effective_from = 2027-01-01")
    text = text.replace("points = 20000", f"points = {silver_points}")
    path = tmp_path / "2027-01-01.toml"
    path.write_text(text)
    return path


def test_load_once_then_unchanged_then_refuses_other_content(tmp_path: Path) -> None:
    code, out, _ = run("load", str(SHIPPED_EDITION))
    assert code == 0 and "Loaded" in out
    code, out, _ = run("load", str(SHIPPED_EDITION))
    assert code == 0 and "Already loaded" in out
    changed = tmp_path / "same-id.toml"
    changed.write_text(SHIPPED_EDITION.read_text().replace("points = 3000", "points = 3100"))
    code, _, err = run("load", str(changed))
    assert code == 2 and "already loaded with different content" in err
    assert ProgramEdition.objects.count() == 1
    code, _, _ = run("load", "--replace", str(changed))
    assert code == 0 and "points = 3100" in ProgramEdition.objects.get().source


def test_load_broken_file_names_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(SHIPPED_EDITION.read_text().replace("points = 3000", 'points = "many"'))
    code, _, err = run("load", str(broken))
    assert code == 2 and "levels[1].requirements.points" in err
    assert ProgramEdition.objects.count() == 0


def test_simulate_lists_who_would_move_and_writes_nothing(tmp_path: Path) -> None:
    run("load", str(SHIPPED_EDITION))
    acme = partner_create(name="Acme", slug="acme", profile="it", partner_since=date(2024, 1, 1))
    partner_create(name="Beta", slug="beta", profile="it", partner_since=date(2024, 1, 1))
    entry_post(partner=acme, activity="project", points=16000, occurred_at=datetime(2025, 6, 1, tzinfo=UTC),
               source="reported", reason="project", idempotency_key="p")  # fmt: skip
    from partnercenter.partners.models import Person
    from partnercenter.partners.services import certification_record

    ann = Person.objects.create(partner=acme, name="Ann", email="ann@acme.test")
    certification_record(person=ann, type="developer", earned_on=date(2025, 1, 5))
    certification_record(person=ann, type="sales", earned_on=date(2025, 1, 5))
    code, out, _ = run("simulate", str(candidate(tmp_path, 15000)), "--as-of", "2025-12-01")
    assert code == 0
    assert "2 partners, 1 up, 0 down, 1 same" in out
    assert "acme" in out and "Silver" in out
    assert TierDecision.objects.count() == 0


def test_simulate_bad_date_is_a_message(tmp_path: Path) -> None:
    run("load", str(SHIPPED_EDITION))
    code, _, err = run("simulate", str(candidate(tmp_path, 15000)), "--as-of", "first of May")
    assert code == 2 and "--as-of" in err
