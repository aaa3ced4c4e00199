"""A real database the test and subprocesses (server, worker) share, for live tests.

On PostgreSQL it is the test database itself (the test must use a transactional
db); on SQLite, whose test database lives in memory, a migrated file copied
from a per-session template. `python -m tests.hooks.live setup K` prepares data.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveDb:
    url: str
    sqlite_path: Path | None = None

    @property
    def env(self) -> dict[str, str]:
        # This checkout's src first (a shared virtualenv may have another checkout installed).
        path = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
        return {**os.environ, "DATABASE_URL": self.url, "PYTHONPATH": path}

    def command(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "partnercenter", *argv],
            env=self.env,
            cwd=ROOT,
            check=check,
            capture_output=True,
            text=True,
        )

    def popen(self, *argv: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "partnercenter", *argv],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def helper(self, *argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.hooks.live", *argv],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, self.url + "\n" + done.stderr[-1500:]
        return done.stdout

    def scalar(self, sql: str) -> Any:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=30) as conn:
                return conn.execute(sql).fetchone()[0]
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


def sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "partnercenter", "migrate", "-v0"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        cwd=ROOT,
        check=True,
    )
    return path


def sqlite_copy(template: Path, directory: Path) -> LiveDb:
    path = directory / "live.sqlite3"
    shutil.copy(template, path)
    return LiveDb(url=f"sqlite:///{path}", sqlite_path=path)


def postgres_test_db() -> LiveDb:
    from django.db import connection

    s = connection.settings_dict
    return LiveDb(
        url=f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    )


def _setup(deliveries: int) -> None:
    """The edition, partner Acme with Alice, and `deliveries` received forum posts by her."""
    from datetime import date

    from partnercenter.hooks.services import delivery_receive
    from partnercenter.hooks.sources import Incoming
    from partnercenter.partners.models import Person
    from partnercenter.partners.services import partner_create
    from partnercenter.programs.services import edition_load

    edition_load(path=ROOT / "programs/exponential/2025-01-01.toml")
    acme = partner_create(slug="acme", name="Acme", profile="it", partner_since=date(2024, 1, 1))
    from tests.identity.totp import verified_account
    from tests.linkedaccounts.factories import link

    alice = Person.objects.create(partner=acme, name="Alice", email="alice@acme.test")
    link(alice, community="alice", github="alice-gh")
    verified_account(alice)  # store orders match a verified address only
    for i in range(deliveries):
        delivery_receive(
            source="community",
            incoming=Incoming(
                delivery_id=f"k{i}",
                event="forum.post_created",
                actor="alice",
                payload={"id": f"k{i}", "type": "forum.post_created", "username": "alice"},
            ),
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")
    import django

    django.setup()
    if sys.argv[1] == "setup":
        _setup(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
