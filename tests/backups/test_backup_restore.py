"""`partnercenter backup` and `restore`: a small database round-trips; bad input is refused cleanly."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from partnercenter.backoffice.services import adjustment_post
from partnercenter.backups.selectors import database_fingerprint
from partnercenter.backups.services import FORMAT, manifest_path_for
from partnercenter.documents.models import DocumentKind
from partnercenter.documents.services import document_store
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Person
from partnercenter.partners.services import certification_record
from partnercenter.review.services import review_run
from tests.backups.conftest import Env, fingerprint_of, run_cli

OTHER = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture
def small_world(transactional_db: Any, make_partner: Callable[..., Any]) -> dict[str, Any]:
    """Committed data of every kind a backup must keep: entries, a decision, a document."""
    acme = make_partner("acme")
    person = Person.objects.create(partner=acme, name="Ada Lovelace", email="ada@acme.example")
    certification_record(person=person, type="sales", earned_on=date(2025, 3, 1))
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    adjustment_post(
        partner=acme, points=250, reason="Booth at the fair", staff_user=staff, key="k1"
    )
    review_run(as_of=date(2025, 6, 1))
    document_store(
        partner=acme,
        kind=DocumentKind.CONTRACT,
        title="Contract",
        filename="c.pdf",
        pdf=b"%PDF-1.7 x",
    )
    return {"partner": acme}


def _backup(tmp_path: Path) -> Path:
    path = tmp_path / "backups" / "pc.bak"
    path.parent.mkdir()
    call_command("backup", str(path))
    return path


def _fake_backup(folder: Path, vendor: str, **manifest: Any) -> Path:
    """A well-formed backup file of `vendor` with a manifest that matches it."""
    path = folder / f"fake-{vendor}.bak"
    if vendor == "sqlite":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t (x)")
        db.commit()
        db.close()
    else:
        path.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    data = {
        "format": FORMAT,
        "vendor": vendor,
        "created_at": "2026-01-01T00:00:00+00:00",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "migrations": [],
        "counts": {},
        **manifest,
    }
    manifest_path_for(path).write_text(json.dumps(data))
    return path


def test_a_small_database_round_trips_into_an_empty_one(
    small_world: dict[str, Any], tmp_path: Path, fresh_db: Callable[[str], Env]
) -> None:
    # given committed entries, a review decision and a document, backed up
    before = database_fingerprint()
    assert before["ledger_entries"] == 2 and before["decisions"] and before["documents"]
    path = _backup(tmp_path)
    manifest = json.loads(manifest_path_for(path).read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["counts"]["ledger_entries"] == 2
    assert ["ledger", "0001_initial"] in manifest["migrations"]
    # when it is restored into a new empty database by the CLI
    target = fresh_db(connection.vendor)
    proc = run_cli(target, "restore", str(path))
    # then the ledger, every decision and every document are the same
    assert proc.returncode == 0, proc.stderr
    assert "row counts match" in proc.stdout
    assert fingerprint_of(target) == before
    # and the restored ledger is still append-only
    proc = run_cli(
        target,
        "shell",
        "-c",
        "from partnercenter.ledger.models import Entry; Entry.objects.all().delete()",
    )
    assert proc.returncode != 0 and "append-only" in proc.stderr
    # and restoring again into the now full database is refused, changing nothing
    again = run_cli(target, "restore", str(path))
    assert again.returncode == 1
    assert "is not empty" in again.stderr and "Traceback" not in again.stderr
    assert fingerprint_of(target) == before
    # and with --force, for a database one means to throw away, it replaces it
    forced = run_cli(target, "restore", "--force", str(path))
    assert forced.returncode == 0, forced.stderr
    assert fingerprint_of(target) == before


def test_backup_into_a_folder_names_the_file_and_never_overwrites(
    small_world: dict[str, Any], tmp_path: Path
) -> None:
    call_command("backup", str(tmp_path))
    made = [p for p in tmp_path.iterdir() if not p.name.endswith(".json")]
    assert len(made) == 1 and made[0].name.startswith("partnercenter-")
    assert manifest_path_for(made[0]).is_file()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(made[0]))


@pytest.mark.parametrize(
    "where, message",
    [("missing/folder/x.bak", "does not exist")],
)
def test_backup_to_a_bad_path_is_refused(
    transactional_db: Any, tmp_path: Path, where: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("backup", str(tmp_path / where))
    assert not (tmp_path / "missing").exists()


def test_restore_refuses_a_non_empty_database(small_world: dict[str, Any], tmp_path: Path) -> None:
    path = _backup(tmp_path)
    entries = Entry.objects.count()
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(path))
    assert Entry.objects.count() == entries


def test_restore_refuses_the_other_vendors_backup(transactional_db: Any, tmp_path: Path) -> None:
    other = OTHER[connection.vendor]
    path = _fake_backup(tmp_path, other)
    with pytest.raises(
        CommandError, match=f"is a {'SQLite' if other == 'sqlite' else 'PostgreSQL'} backup"
    ):
        call_command("restore", str(path))


def test_restore_refuses_a_backup_of_a_newer_version(transactional_db: Any, tmp_path: Path) -> None:
    path = _fake_backup(tmp_path, connection.vendor, migrations=[["ledger", "9999_future"]])
    with pytest.raises(CommandError, match="newer Partner Center.*ledger.9999_future"):
        call_command("restore", str(path))


def test_restore_refuses_damaged_and_incomplete_backups(
    small_world: dict[str, Any], tmp_path: Path
) -> None:
    path = _backup(tmp_path)
    damaged = tmp_path / "damaged.bak"
    shutil.copy(path, damaged)
    shutil.copy(manifest_path_for(path), manifest_path_for(damaged))
    with damaged.open("r+b") as fh:
        fh.seek(200)
        fh.write(b"\xff\xff")
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore", str(damaged))
    alone = tmp_path / "alone.bak"
    shutil.copy(path, alone)
    with pytest.raises(CommandError, match="alone.bak.json is missing"):
        call_command("restore", str(alone))
    garbage = tmp_path / "garbage.bak"
    garbage.write_text("hello")
    manifest_path_for(garbage).write_text("{not json")
    with pytest.raises(CommandError, match="not a readable manifest"):
        call_command("restore", str(garbage))


@pytest.mark.parametrize(
    "args", [["restore", "/no/such/backup"], ["restore", "/"], ["backup", "/no/such/dir/x"]]
)
def test_bad_paths_answer_a_message_not_a_traceback(
    tmp_path: Path, fresh_db: Callable[[str], Env], args: list[str]
) -> None:
    proc = run_cli(fresh_db("sqlite"), *args)
    assert proc.returncode == 1
    assert proc.stderr.startswith("CommandError: ") and "Traceback" not in proc.stderr
