"""Whole-database backups and restores (SQLite's online backup API; pg_dump / pg_restore).

A backup is two files: the database copy at PATH (a plain SQLite file, or a
`pg_dump --format=custom` archive) and the manifest `PATH.json` beside it, which
says what the copy is: vendor, applied migrations, time, sha256 and the row
counts of the key tables. `backup_restore` reads the manifest first and refuses
a file of the other vendor, a changed or damaged file, a backup made by a newer
version of the code, and a target database that already has tables.

Restoring only inserts into an empty database, so the append-only triggers of
the ledger, documents, signed contracts and audit tables (which refuse UPDATE
and DELETE, never INSERT) need no unlocking: on PostgreSQL pg_restore creates
them after the data is loaded, on SQLite the pages are copied whole.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from partnercenter.backups.errors import BackupRefused, RestoreRefused
from partnercenter.backups.selectors import (
    KEY_TABLES,
    database_tables,
    migration_state,
    row_counts,
)

FORMAT = "partnercenter-backup/1"
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
HOW_TO_TARGET = {
    "sqlite": "Restore it with DATABASE_URL unset (SQLite in PARTNERCENTER_VAR_DIR).",
    "postgresql": "Restore it with DATABASE_URL naming an empty PostgreSQL database.",
}


@dataclass(frozen=True)
class BackupResult:
    """Where the copy and its manifest were written, and what the manifest says."""

    path: Path
    manifest_path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class RestoreResult:
    """What was restored, and the migrations the code has that the backup had not applied."""

    manifest: dict[str, Any]
    counts: dict[str, int]
    pending_migrations: list[str]


def manifest_path_for(path: Path) -> Path:
    """The manifest sits beside the copy: `PATH.json`."""
    return path.with_name(path.name + ".json")


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in MAGIC:
        raise BackupRefused(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _target_path(path: Path, vendor: str) -> Path:
    """PATH itself, or a time-stamped file inside PATH when it is a directory (for cron)."""
    path = path.expanduser()
    if path.is_dir():
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = path / f"partnercenter-{stamp}{SUFFIX[vendor]}"
    if path.exists() or manifest_path_for(path).exists():
        raise BackupRefused(
            f"{path} already exists; give a new file name (a backup never overwrites)."
        )
    if not path.parent.is_dir():
        raise BackupRefused(f"The folder {path.parent} does not exist.")
    if not os.access(path.parent, os.W_OK):
        raise BackupRefused(f"The folder {path.parent} is not writable.")
    return path


def pg_binary(name: str) -> str:
    """The newest `pg_dump`/`pg_restore`: Debian's versioned folders first, then PATH."""

    def version(folder: str) -> tuple[int, ...]:
        match = re.search(r"/postgresql/([\d.]+)/bin", folder)
        return tuple(int(p) for p in match.group(1).split(".")) if match else (0,)

    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupRefused(f"{name} is not installed (apt-get install postgresql-client).")


def pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the configured database: the password never on a command line."""
    env = dict(os.environ)
    pairs = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    for key, value in pairs.items():
        if value:
            env[key] = str(value)
        else:
            env.pop(key, None)
    return env


def _write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    target = manifest_path_for(path)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def _sqlite_facts(path: Path) -> tuple[list[list[str]], dict[str, int]]:
    """Migrations and key-table counts read from the copy itself (exact, whatever ran meanwhile)."""
    from django.apps import apps

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        migrations: list[list[str]] = []
        if "django_migrations" in tables:
            migrations = sorted(
                [app, name] for app, name in db.execute("SELECT app, name FROM django_migrations")
            )
        counts: dict[str, int] = {}
        for key, label in KEY_TABLES.items():
            table = apps.get_model(label)._meta.db_table
            if table in tables:
                counts[key] = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        return migrations, counts
    finally:
        db.close()


def _backup_sqlite(partial: Path) -> tuple[list[list[str]], dict[str, int]]:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        # One self-contained file: no -wal beside it.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    return _sqlite_facts(partial)


def _backup_postgresql(partial: Path) -> tuple[list[list[str]], dict[str, int]]:
    """pg_dump reads the snapshot the counts were taken in, so the manifest matches the file."""
    pg_dump = pg_binary("pg_dump")
    outer = connection.in_atomic_block  # called inside a transaction (a test): keep its level
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not outer:  # the first statement of a new transaction: one snapshot for all
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        migrations, counts = migration_state(), row_counts()
        proc = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={partial}",
            ],
            env=pg_env(connection.settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupRefused(f"pg_dump failed: {proc.stderr.strip() or proc.returncode}")
    return migrations, counts


def backup_create(*, path: Path) -> BackupResult:
    """Copy the whole database to `path` (safe while the server runs) and write its manifest."""
    vendor = _vendor()
    target = _target_path(Path(path), vendor)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if vendor == "sqlite":
            migrations, counts = _backup_sqlite(partial)
        else:
            migrations, counts = _backup_postgresql(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupRefused(f"Could not write {target}: {exc}") from None
    manifest = {
        "format": FORMAT,
        "vendor": vendor,
        "created_at": timezone.now().isoformat(),
        "database": str(connection.settings_dict.get("NAME", "")),
        "file": target.name,
        "bytes": target.stat().st_size,
        "sha256": _sha256(target),
        "migrations": migrations,
        "counts": counts,
    }
    return BackupResult(target, _write_manifest(target, manifest), manifest)


def backup_read(*, path: Path) -> dict[str, Any]:
    """The manifest of the backup at `path`, checked against the file; refuses anything else."""
    path = Path(path).expanduser()
    if not path.exists():
        raise RestoreRefused(f"{path} does not exist.")
    if not path.is_file():
        raise RestoreRefused(f"{path} is not a file.")
    mpath = manifest_path_for(path)
    if not mpath.is_file():
        raise RestoreRefused(
            f"{mpath.name} is missing beside {path.name}: a Partner Center backup is the file "
            "and its manifest; copy both."
        )
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RestoreRefused(f"{mpath} is not a readable manifest: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{mpath} is not a Partner Center backup manifest ({FORMAT}).")
    vendor = manifest.get("vendor")
    if vendor not in MAGIC:
        raise RestoreRefused(f"{mpath} names an unknown database vendor {vendor!r}.")
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head.startswith(MAGIC[vendor]):
        raise RestoreRefused(f"{path} is not a {VENDOR_NAMES[vendor]} backup file.")
    if _sha256(path) != manifest.get("sha256"):
        raise RestoreRefused(
            f"{path} does not match its manifest (sha256 differs): the file is damaged or not "
            "the one this manifest describes."
        )
    return manifest


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known
    )


def _pending_migrations(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, name in manifest["migrations"]}
    return sorted(f"{a}.{n}" for a, n in loader.disk_migrations if (a, n) not in applied)


def _empty_postgresql_schema() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def _restore_sqlite(path: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise RestoreRefused("The configured SQLite database is in memory; restore needs a file.")
    connections.close_all()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dest = sqlite3.connect(name)
    try:
        source.backup(dest)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"SQLite could not restore {path}: {exc}") from None
    finally:
        dest.close()
        source.close()


def _restore_postgresql(path: Path) -> None:
    pg_restore = pg_binary("pg_restore")
    settings_dict = dict(connection.settings_dict)
    connections.close_all()
    proc = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={settings_dict['NAME']}",
            str(path),
        ],
        env=pg_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RestoreRefused(f"pg_restore failed (nothing was restored): {proc.stderr.strip()}")


def backup_restore(*, path: Path, force: bool = False) -> RestoreResult:
    """Restore the backup at `path` into the configured database, which must be empty.

    `force` first empties a database that has tables (SQLite: the copy replaces it
    whole; PostgreSQL: the `public` schema is dropped and recreated). Only for a
    database you mean to throw away.
    """
    vendor = _vendor()
    path = Path(path).expanduser()
    manifest = backup_read(path=path)
    if manifest["vendor"] != vendor:
        raise RestoreRefused(
            f"{path.name} is a {VENDOR_NAMES[manifest['vendor']]} backup; this Partner Center "
            f"uses {VENDOR_NAMES[vendor]}. {HOW_TO_TARGET[manifest['vendor']]}"
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise RestoreRefused(
            "The backup was made by a newer Partner Center (migrations unknown here: "
            f"{', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}); upgrade first."
        )
    tables = database_tables()
    if tables and not force:
        raise RestoreRefused(
            f"The target database {connection.settings_dict.get('NAME')} is not empty "
            f"({len(tables)} tables). Restore into an empty database, or pass --force to "
            "replace a database you mean to throw away."
        )
    if vendor == "sqlite":
        _restore_sqlite(path)
    else:
        if tables:
            _empty_postgresql_schema()
        _restore_postgresql(path)
    connections.close_all()
    counts = row_counts()
    if counts != manifest["counts"]:
        raise RestoreRefused(
            f"The restored row counts {counts} differ from the backup's {manifest['counts']}."
        )
    return RestoreResult(manifest, counts, _pending_migrations(manifest))
