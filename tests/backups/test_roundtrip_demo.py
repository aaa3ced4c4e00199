"""The demo data survives backup and restore: ledger, every decision and every document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from tests.backups.conftest import VENDORS, Env, fingerprint_of, run_cli

EDITION = settings.BASE_DIR / "programs" / "exponential" / "2025-01-01.toml"


@pytest.mark.slow
@pytest.mark.parametrize("vendor", VENDORS)
def test_the_demo_round_trips(vendor: str, tmp_path: Path, fresh_db: Callable[[str], Env]) -> None:
    # given the demo loaded into a fresh database
    source = fresh_db(vendor)
    for args in (["migrate", "-v0"], ["program", "load", "--replace", str(EDITION)], ["demo"]):
        proc = run_cli(source, *args)
        assert proc.returncode == 0, proc.stderr
    before = fingerprint_of(source)
    assert before["ledger_entries"] > 500 and len(before["decisions"]) > 500
    # when it is backed up and restored into an empty database
    path = tmp_path / f"demo.{vendor}.bak"
    proc = run_cli(source, "backup", str(path))
    assert proc.returncode == 0, proc.stderr
    target = fresh_db(vendor)
    proc = run_cli(target, "restore", str(path))
    assert proc.returncode == 0, proc.stderr
    # then the ledger sum, entry count, every decision and every document's sha256 match
    after = fingerprint_of(target)
    assert after["ledger_points"] == before["ledger_points"]
    assert after["ledger_entries"] == before["ledger_entries"]
    assert after["decisions"] == before["decisions"]
    assert after["documents"] == before["documents"]
    assert all(stored == computed for _, stored, computed in after["documents"])
    assert after == before
