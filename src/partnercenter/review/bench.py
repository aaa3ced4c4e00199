"""`partnercenter bench review`: seed a separate database at scale and time the tier review.

Three figures from one run: (a) the bare SQL aggregate of trailing-window
points per partner over the whole ledger, (b) the full review (read facts,
evaluate, write decisions), (c) re-tiering one partner; plus b/a and peak RSS.
Seeding writes straight to the tables (bulk, indexes rebuilt after), with the
same monthly rollups a posting would have kept.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from partnercenter.domain.windows import add_months, start_of_day, window_bounds
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.programs.services import edition_load
from partnercenter.review import pipeline
from partnercenter.review.selectors import partner_standing
from partnercenter.review.services import partner_retier, review_run

SEED_AS_OF = date(2026, 1, 1)
RUNS = 3
"""Timed runs of (a) and of (b), after one untimed run of each; the figures are their medians."""
ED = "2025-01-01"


class Out(Protocol):
    """Where progress goes (a terminal, or Django's OutputWrapper)."""

    def write(self, text: str) -> Any: ...
    def flush(self) -> Any: ...
    def isatty(self) -> bool: ...


# (activity, points, revenue cents, weight): a plausible mix of monitored and reported work.
MIX = [
    ("forum_post", 10, 0, 40),
    ("bug_report", 50, 0, 15),
    ("article", 500, 0, 8),
    ("tutorial", 500, 0, 4),
    ("customer_reference", 500, 0, 4),
    ("sites_running", 1000, 0, 4),
    ("case_study", 1000, 0, 3),
    ("project", 2000, 0, 3),
    ("training", 2000, 0, 2),
    ("premium_project", 5000, 0, 1),
    ("revenue", 0, 0, 16),
]


def _progress(out: Out, label: str, done: int, total: int) -> None:
    if out.isatty():
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done >= total:
            out.write("\n")
        out.flush()


def _ts(moment: datetime) -> str:
    if connection.vendor == "sqlite":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.isoformat()


def bench_database_url(kind: str, partners: int, entries: int) -> str:
    """A database beside the configured one for the `kind` bench ("review", "pages"), named
    by size so a seeded one is reused: a file under var/bench, or a PostgreSQL database."""
    if connection.vendor == "sqlite":
        folder = settings.VAR_DIR / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'{kind}-{partners}-{entries}.sqlite3'}"
    name = f"{settings.DATABASES['default']['NAME']}_{kind}_{partners}_{entries}"
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    parts = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parts._replace(path=f"/{name}"))


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    columns, rows = _with_defaults(table, columns, rows)
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _with_defaults(
    table: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The rows with every NOT NULL column the seeding does not name set to its model default.

    Apps add columns (membership dates, notices…) after this seeding was written; their
    defaults are what a new row gets through the ORM.
    """
    from django.apps import apps

    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    if model is None:
        return columns, rows
    missing = [
        f
        for f in model._meta.concrete_fields
        if f.column not in columns
        and not f.null
        and not f.primary_key
        and f.get_default() is not None
    ]
    if not missing:
        return columns, rows
    tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
    return [*columns, *(f.column for f in missing)], [row + tail for row in rows]


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's non-unique indexes, to drop during a bulk load."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
        else:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
        return [(name, sql) for name, sql in cur.fetchall()]


def _entries_for(
    rng: random.Random, pid: int, count: int, days: int, key0: int, choices: list[int]
) -> Iterator[tuple[Any, ...]]:
    """(partner, activity, points, revenue cents, day offset, key) for one partner's entries."""
    pick = rng.choices(choices, k=count)
    offsets = rng.choices(range(days), k=count)
    for k in range(count):
        code, points, _, _ = MIX[pick[k]]
        revenue = 0
        if code == "revenue":
            revenue = rng.randrange(100, 5000) * 100
            points = revenue // 100
        yield (pid, code, points, revenue, offsets[k], f"bench:{key0 + k:010d}")


def seed(partners: int, entries: int, months: int, out: Out) -> None:
    """Fill the (empty, migrated) bench database with partners, people, certifications and entries."""
    edition_load(path=settings.BASE_DIR / "programs" / "exponential" / "2025-01-01.toml")
    rng = random.Random(42)
    now = datetime.now(UTC)
    first = add_months(SEED_AS_OF, -months)
    days = (SEED_AS_OF - first).days
    profiles = ["it", "creative", "hosting", "distribution"]
    if connection.vendor == "sqlite":
        # A throwaway database: no journal, no syncing while it is filled.
        with connection.cursor() as cur:
            cur.execute("PRAGMA journal_mode=OFF")
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        _insert(
            "partners_partner",
            [
                "id",
                "name",
                "slug",
                "profile",
                "country",
                "website",
                "status",
                "partner_since",
                "student",
                "plan",
                "current_level",
                "created_at",
            ],
            [
                (
                    i,
                    f"Bench Partner {i}",
                    f"bench-{i}",
                    profiles[i % 4],
                    "NO",
                    "",
                    "active",
                    first,
                    False,
                    "",
                    "",
                    _ts(now),
                )
                for i in range(1, partners + 1)
            ],
        )
        _insert(
            "partners_person",
            ["id", "partner_id", "name", "email", "role"],
            [(i, i, f"Person {i}", f"p{i}@bench.example", "admin") for i in range(1, partners + 1)],
        )
        certs = []
        for i in range(1, partners + 1):
            for code, kind in (("developer", "profile"), ("wcms", "profile"), ("sales", "sales")):
                if rng.random() < 0.3:
                    certs.append((i, i, code, kind, first + timedelta(days=rng.randrange(days))))
        _insert(
            "partners_certification",
            ["person_id", "partner_id", "type", "kind", "earned_on"],
            certs,
        )
        dropped = _secondary_indexes("ledger_entry")
        with connection.cursor() as cur:
            for name, _ in dropped:
                cur.execute(f"DROP INDEX {name}")
        choices = [i for i, m in enumerate(MIX) for _ in range(m[3])]
        day_list = [first + timedelta(days=d) for d in range(days)]
        stamps = [_ts(datetime(d.year, d.month, d.day, 12, tzinfo=UTC)) for d in day_list]
        month_of = [d.replace(day=1) for d in day_list]
        per = entries // partners
        extra = entries - per * partners
        key = 0
        batch: list[tuple[Any, ...]] = []
        rollup: list[tuple[Any, ...]] = []
        columns = [
            "partner_id",
            "activity",
            "points",
            "revenue_cents",
            "occurred_at",
            "recorded_at",
            "source",
            "reason",
            "occasion",
            "idempotency_key",
            "edition_id",
        ]
        for pid in range(1, partners + 1):
            count = per + (1 if pid <= extra else 0)
            months_sum: dict[date, list[int]] = {}
            for p, code, points, revenue, offset, k in _entries_for(
                rng, pid, count, days, key, choices
            ):
                stamp = stamps[offset]
                row = (p, code, points, revenue, stamp, stamp, "monitored", "bench", "", k, ED)
                batch.append(row)
                bucket = months_sum.setdefault(month_of[offset], [0, 0])
                bucket[0] += points
                bucket[1] += revenue
            key += count
            rollup.extend((pid, m, v[0], v[1]) for m, v in months_sum.items())
            if len(batch) >= 200_000 or pid == partners:
                _insert("ledger_entry", columns, batch)
                _insert(
                    "ledger_monthly", ["partner_id", "month", "points", "revenue_cents"], rollup
                )
                batch, rollup = [], []
                _progress(out, "entries", key, entries)
    # Indexes are rebuilt once the rows are committed (PostgreSQL refuses to build
    # them while the rows' deferred foreign-key checks are pending).
    out.write(f"rebuilding {len(dropped)} indexes…\n")
    with connection.cursor() as cur:
        for _, sql in dropped:
            cur.execute(sql)
        cur.execute("ANALYZE")
    out.write("first review (untimed, sets every partner's current level)…\n")
    review_run(as_of=add_months(SEED_AS_OF, -1), collect_changes=False)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def measure(out: Out) -> dict[str, Any]:
    """Time (a), (b), (c) on the seeded database and return the figures."""
    as_of = SEED_AS_OF
    _rewind(add_months(as_of, -1))
    _checkpoint()
    start, end = window_bounds(as_of, 12)

    def bare() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT partner_id, SUM(points), SUM(revenue_cents) FROM ledger_entry "
                "WHERE occurred_at >= %s AND occurred_at < %s GROUP BY partner_id",
                [start_of_day(start), start_of_day(end)],
            )
            return len(cur.fetchall())

    def review() -> Any:
        return review_run(as_of=as_of, collect_changes=False)

    # Warm: one untimed run of each, then the median of three timed runs of each,
    # every review from the same state (rewound) as the month before.
    _, groups = _timed(bare)
    review()
    a_runs, b_runs = [], []
    for _ in range(RUNS):
        _rewind(add_months(as_of, -1))
        _checkpoint()
        a_runs.append(_timed(bare)[0])
        b_seconds, result = _timed(review)
        b_runs.append(b_seconds)
    a_seconds, b_seconds = statistics.median(a_runs), statistics.median(b_runs)
    ids = list(
        Partner.objects.values_list("id", flat=True)[:: max(1, Partner.objects.count() // 200)]
    )
    next_month = add_months(as_of, 1)
    retier, explain = [], []
    for pid in ids:
        partner = Partner.objects.get(pk=pid)
        start_one = time.perf_counter()
        partner_retier(partner=partner, as_of=next_month)
        retier.append(time.perf_counter() - start_one)
        start_one = time.perf_counter()
        partner_standing(partner, as_of)
        explain.append(time.perf_counter() - start_one)
    return {
        "database": connection.vendor,
        "review_threads": pipeline.THREADS if connection.vendor == "postgresql" else 1,
        "as_of": as_of.isoformat(),
        "partners": Partner.objects.count(),
        "entries": Entry.objects.count() if connection.vendor == "sqlite" else _estimate_rows(),
        "groups_in_window": groups,
        "a_bare_aggregate_s": round(a_seconds, 3),
        "b_full_review_s": round(b_seconds, 3),
        "b_over_a": round(b_seconds / a_seconds, 3) if a_seconds else None,
        "a_runs_s": [round(x, 3) for x in a_runs],
        "b_runs_s": [round(x, 3) for x in b_runs],
        "review": {"up": result.up, "down": result.down, "same": result.same},
        "c_retier_one_ms_median": round(statistics.median(retier) * 1000, 2),
        "c_retier_one_ms_p95": round(sorted(retier)[int(len(retier) * 0.95) - 1] * 1000, 2),
        "explain_one_ms_median": round(statistics.median(explain) * 1000, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _rewind(reviewed: date) -> None:
    """Put the database back as it was after the seed's review of `reviewed`.

    Every measurement then reviews the same month from the same state: the month
    after the last one with data, a steady-state monthly review.
    """
    with transaction.atomic(), connection.cursor() as cur:
        day = reviewed.isoformat()
        cur.execute("DELETE FROM review_tierdecision WHERE as_of > %s", [day])
        # Notices of a later review fall due after the next month starts.
        cur.execute(
            "DELETE FROM partners_notice WHERE due_on >= %s",
            [add_months(reviewed, 1).isoformat()],
        )
        # Only the partners whose cached level differs (the review updates no other row).
        cur.execute(
            "UPDATE partners_partner SET current_level = COALESCE("
            "(SELECT d.level FROM review_tierdecision d WHERE d.partner_id = partners_partner.id "
            "AND d.as_of = %s), '') WHERE current_level <> COALESCE("
            "(SELECT d.level FROM review_tierdecision d WHERE d.partner_id = partners_partner.id "
            "AND d.as_of = %s), '')",
            [day, day],
        )


def _checkpoint() -> None:
    """Tidy up as happens between monthly reviews: fold SQLite's write-ahead log back into
    the database; on PostgreSQL, vacuum the rows the rewind replaced (autovacuum would)."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            for table in ("partners_partner", "review_tierdecision", "partners_notice"):
                cur.execute(f"VACUUM ANALYZE {table}")


def _estimate_rows() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM ledger_entry")
        row = cur.fetchone()
        return int(row[0]) if row else 0


def run_phase(phase: str, partners: int, entries: int, months: int, out: Out) -> None:
    """Run one phase in this process (the outer command starts each in a fresh process)."""
    if phase == "seed":
        call_command("migrate", verbosity=0)
        if Partner.objects.exists():
            out.write("bench database already seeded\n")
            return
        seconds, _ = _timed(lambda: seed(partners, entries, months, out))
        out.write(f"seeded {partners:,} partners and {entries:,} entries in {seconds:.1f} s\n")
    else:
        sys.stdout.write("BENCH " + json.dumps(measure(out)) + "\n")
