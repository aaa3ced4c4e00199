"""`partnercenter bench review|ingest|pages`: benchmarks on a separate database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any
from urllib.parse import urlparse, urlunparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

PAGES_ENTRIES_CAP = 2_000_000
"""`bench pages`' default entries stop here (see `_pages`)."""


class Command(BaseCommand):
    help = (
        "bench review --partners N --entries M: seed a separate database and time the review "
        "against the bare SQL aggregate. bench ingest --deliveries N: webhook ingestion. "
        "bench pages --partners N: the most-opened pages under gunicorn, as ratios to hello."
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
            "--threads",
            type=int,
            help="chunks PostgreSQL decides at once (default pipeline.THREADS, 2)",
        )
        review.add_argument("--phase", choices=["seed", "measure"], help=argparse_hidden())
        ingest = sub.add_parser("ingest", help="time signed webhook deliveries end to end")
        from partnercenter.hooks.bench import add_ingest_arguments

        add_ingest_arguments(ingest)
        pages = sub.add_parser("pages", help="req/s and p95 of the busiest pages vs hello")
        pages.add_argument("--partners", type=int, default=2_000)
        pages.add_argument(
            "--entries",
            type=int,
            help="default: 200 per partner, at most 2,000,000 (the pages need partners more than entries)",
        )
        pages.add_argument("--clients", type=int, default=4, help="concurrent clients")
        pages.add_argument("--seconds", type=float, default=5.0, help="measured per page")
        pages.add_argument("--sample", type=int, default=50, help="partners with logins")
        pages.add_argument("--phase", choices=["seed"], help=argparse_hidden())
        export = sub.add_parser("export", help="peak RSS while streaming the ledger as CSV")
        export.add_argument("--partners", type=int, default=10_000)
        export.add_argument("--entries", type=int, default=2_000_000)
        export.add_argument("--phase", choices=["seed", "measure"], help=argparse_hidden())

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["bench"] == "pages":
            self._pages(opts)
            return
        if opts["bench"] == "export":
            self._export(opts)
            return
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
        if opts["threads"] is not None and opts["threads"] < 1:
            raise CommandError("--threads must be ≥ 1.")
        if opts["phase"]:
            from partnercenter.review import pipeline
            from partnercenter.review.bench import run_phase

            if opts["threads"] is not None:
                pipeline.THREADS = opts["threads"]

            run_phase(opts["phase"], partners, entries, months, self.stdout)
            return
        from partnercenter.review.bench import bench_database_url

        url = bench_database_url("review", partners, entries)
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
            *([f"--threads={opts['threads']}"] if opts["threads"] is not None else []),
        ]
        self.stdout.write(f"bench database: {_redact(url)}")
        subprocess.run([*base, "--phase=seed"], env=env, check=True)
        done = subprocess.run(
            [*base, "--phase=measure"], env=env, check=True, capture_output=True, text=True
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
        figures = json.loads(line[6:])
        self.stdout.write(json.dumps(figures, indent=2))

    def _pages(self, opts: dict[str, Any]) -> None:
        """`bench pages`: the outer run, or (with --phase=seed) the seeding inside the bench db."""
        from partnercenter.standing.bench import run

        partners = opts["partners"]
        # At 100,000 partners, 20M entries would take the seeding most of an hour; the pages
        # measured scale with partners (lists, sessions), a partner's own with its entries.
        entries = opts["entries"] or min(200 * partners, PAGES_ENTRIES_CAP)
        if partners < 1 or entries < partners or opts["clients"] < 1 or opts["seconds"] <= 0:
            raise CommandError(
                "--partners ≥ 1, --entries ≥ --partners, --clients ≥ 1, --seconds > 0."
            )
        if opts["phase"] == "seed":
            logins = run.seed_phase(partners, entries, opts["sample"], sys.stderr)
            self.stdout.write("SESSIONS " + json.dumps(logins))
            return
        result = run.bench_pages(
            partners=partners,
            entries=entries,
            clients=opts["clients"],
            seconds=opts["seconds"],
            sample=opts["sample"],
            out=self.stdout,
        )
        for name, page in result["pages"].items():
            self.stdout.write(
                f"{name:22} {page['per_s']:8.1f}/s  p50 {page['p50_ms']} ms  "
                f"p95 {page['p95_ms']} ms  {page['ratio_to_hello']:.3f} of hello"
            )
        self.stdout.write(json.dumps(result, indent=2))

    def _export(self, opts: dict[str, Any]) -> None:
        """`bench export`: stream the whole bench ledger as CSV, report memory along the way."""
        from partnercenter.standing.bench import export, run

        partners, entries = opts["partners"], opts["entries"]
        if partners < 1 or entries < partners:
            raise CommandError("--partners must be ≥ 1 and --entries ≥ --partners.")
        if opts["threads"] is not None and opts["threads"] < 1:
            raise CommandError("--threads must be ≥ 1.")
        if opts["phase"] == "seed":
            run.seed_phase(partners, entries, 0, sys.stderr)
            return
        if opts["phase"] == "measure":
            self.stdout.write("EXPORT " + json.dumps(export.measure()))
            return
        result = export.bench_export(partners=partners, entries=entries, out=self.stdout)
        self.stdout.write(json.dumps(result, indent=2))


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
