"""Fresh, empty databases for restores, and the CLI run in a subprocess against one of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

Env = dict[str, str]
VENDORS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason="PostgreSQL round-trips need DATABASE_URL",
        ),
    ),
]

FINGERPRINT = (
    "import json; from partnercenter.backups.selectors import database_fingerprint; "
    "print(json.dumps(database_fingerprint()))"
)


def run_cli(env: Env, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """`partnercenter ARGS` in a subprocess against the database `env` names."""
    return subprocess.run(
        [sys.executable, "-m", "partnercenter", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def fingerprint_of(env: Env) -> dict[str, Any]:
    """The database fingerprint, read by a separate process."""
    proc = run_cli(env, "shell", "-c", FINGERPRINT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Callable[[str], Env]]:
    """A factory of environments each naming a new empty database of the vendor asked for."""
    created: list[str] = []
    base = os.environ.get("DATABASE_URL", "")

    def make(vendor: str) -> Env:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        if vendor == "sqlite":
            folder = tmp_path / f"db-{uuid.uuid4().hex[:8]}"
            folder.mkdir()
            env["PARTNERCENTER_VAR_DIR"] = str(folder)
            return env
        import psycopg

        name = f"pc_backup_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        env["DATABASE_URL"] = _with_db(base, name)
        env["PARTNERCENTER_VAR_DIR"] = str(tmp_path)
        return env

    yield make
    if created:
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            for name in created:
                for attempt in range(5):  # an autovacuum worker may still be connected
                    try:
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                        break
                    except psycopg.Error:
                        time.sleep(1 + attempt)
