"""`partnercenter bench review|ingest`: benchmarks on a separate database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = (
        "bench review --partners N --entries M: seed a separate database and time the review "
        "against the bare SQL aggregate. bench ingest --deliveries N: webhook ingestion."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="bench", required=True)
        review = sub.add_parser("review", help="time the tier review at scale")
        review.add_argument("--partners", type=int, default=10_000)
        review.add_argument("--entries", type=int, default=2_000_000)
        review.add_argument(
            "--months", type=int, default=36, help="history length to spread entries over"
        )
        review.add_argument(
            "--workers",
            type=int,
            help="worker processes of the review on PostgreSQL (default 0: a thread)",
        )
        review.add_argument("--phase", choices=["seed", "measure"], help=argparse_hidden())
        ingest = sub.add_parser("ingest", help="time signed webhook deliveries end to end")
        from partnercenter.hooks.bench import add_ingest_arguments

        add_ingest_arguments(ingest)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["bench"] == "ingest":
            from partnercenter.hooks.bench import ingest_command

            try:
                result = ingest_command(opts, self.stdout)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(json.dumps(result, indent=2))
            return
        partners, entries, months = opts["partners"], opts["entries"], opts["months"]
        if partners < 1 or entries < partners:
            raise CommandError("--partners must be ≥ 1 and --entries ≥ --partners.")
        if opts["phase"]:
            from partnercenter.review import services
            from partnercenter.review.bench import run_phase

            if opts["workers"] is not None:
                services.WORKERS = opts["workers"]

            run_phase(opts["phase"], partners, entries, months, self.stdout)
            return
        url = _bench_database_url(partners, entries)
        env = {**os.environ, "DATABASE_URL": url}
        base = [
            sys.executable,
            "-m",
            "partnercenter",
            "bench",
            "review",
            f"--partners={partners}",
            f"--entries={entries}",
            f"--months={months}",
            *([f"--workers={opts['workers']}"] if opts["workers"] is not None else []),
        ]
        self.stdout.write(f"bench database: {_redact(url)}")
        subprocess.run([*base, "--phase=seed"], env=env, check=True)
        done = subprocess.run(
            [*base, "--phase=measure"], env=env, check=True, capture_output=True, text=True
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
        figures = json.loads(line[6:])
        self.stdout.write(json.dumps(figures, indent=2))


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def _redact(url: str) -> str:
    if url.startswith("sqlite"):
        return url
    parts = urlparse(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunparse(parts)


def _bench_database_url(partners: int, entries: int) -> str:
    """A database beside the configured one, named by size so a seeded one is reused."""
    if connection.vendor == "sqlite":
        folder = settings.VAR_DIR / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'review-{partners}-{entries}.sqlite3'}"
    name = f"{settings.DATABASES['default']['NAME']}_bench_{partners}_{entries}"
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    parts = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parts._replace(path=f"/{name}"))
