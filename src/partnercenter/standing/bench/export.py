"""`partnercenter bench export`: stream the whole ledger as CSV and watch the process's memory.

Runs the staff export's code path (`ledger_entries` → `ledger_rows` → `csv_response`, as
`backoffice.views.ledger_export` does) over every entry of the bench database in a fresh
process, reading the streamed body as a server would, and reports the resident memory
at the start, as the rows go by, and at its peak: flat means constant memory. On SQLite
the resident figure includes the database's page cache and memory map (settings: 64 +
256 MiB, touched once and then flat); the anonymous figure (RssAnon) is the process's
own heap.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import subprocess
import sys
import time
from typing import Any

from partnercenter.review.bench import Out


def _rss_mib() -> float:
    """The current resident set size (Linux /proc), in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _anon_mib() -> float:
    """Anonymous resident memory (the Python heap; without SQLite's memory-mapped file), MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure() -> dict[str, Any]:
    """Stream the export in this process; rows, bytes, seconds, RSS along the way and peak."""
    from django.db import connection
    from django.utils import timezone

    from partnercenter.ledger.models import Entry
    from partnercenter.programs.selectors import edition_at
    from partnercenter.standing.exports import csv_response, ledger_rows
    from partnercenter.standing.selectors import activity_names, ledger_entries

    total = Entry.objects.count()
    start_rss, start_anon = _rss_mib(), _anon_mib()
    started = time.perf_counter()
    response = csv_response(
        "all-ledger.csv",
        ledger_rows(ledger_entries(None), activity_names(edition_at(timezone.now().date()))),
    )
    lines = size = 0
    samples: dict[str, float] = {}
    anon: dict[str, float] = {}
    marks = {total * k // 10: f"{k * 10}%" for k in (1, 5, 9)}
    for chunk in response:  # as a WSGI server reads it
        size += len(chunk)
        lines += 1
        if lines in marks:
            samples[marks[lines]] = _rss_mib()
            anon[marks[lines]] = _anon_mib()
    seconds = time.perf_counter() - started
    return {
        "entries": total,
        "rows_streamed": lines - 2,  # the byte-order mark and the header
        "mib_streamed": round(size / 2**20, 1),
        "seconds": round(seconds, 1),
        "rows_per_s": round((lines - 2) / seconds),
        "rss_start_mib": start_rss,
        "rss_along_mib": samples,
        "rss_end_mib": _rss_mib(),
        "anon_start_mib": start_anon,
        "anon_along_mib": anon,
        "anon_end_mib": _anon_mib(),
        "database": connection.vendor,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "streaming": bool(response.streaming),
    }


def bench_export(*, partners: int, entries: int, out: Out) -> dict[str, Any]:
    """Seed (or reuse) the bench database, then measure in a fresh process."""
    from partnercenter.standing.bench.run import bench_database_url

    # Production settings (DEBUG=0): with DEBUG=1 Django keeps the last 9,000 queries'
    # text, which a long export would count as its own memory.
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(partners, entries),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "0",
    }
    args = [sys.executable, "-m", "partnercenter", "bench", "export"]
    sizes = [f"--partners={partners}", f"--entries={entries}"]
    subprocess.run([*args, *sizes, "--phase=seed"], env=env, check=True)
    done = subprocess.run(
        [*args, *sizes, "--phase=measure"], env=env, check=True, capture_output=True, text=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("EXPORT "))
    result: dict[str, Any] = json.loads(line[7:])
    return result
