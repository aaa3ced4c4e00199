"""Bulk reads and writes of the review, in plain SQL: the review touches every partner.

The ORM costs more per row than the whole evaluation, so the review's hot
path talks SQL here; everything else uses the ORM.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction

DECISION_COLUMNS = [
    "partner_id", "as_of", "edition_id", "facts", "level", "previous_level", "direction",
    "changed", "next_level", "shape_id", "logo_deadline", "run_id", "created_at",
]  # fmt: skip


def as_date(value: Any) -> date | None:
    """A date from what the driver returns (SQLite gives text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


REVIEWED_STATUSES = "('active', 'lapsed')"
"""Who the review reviews: members, and lapsed partners (the points path can bring them back;
their earned level is recorded though its benefits are suspended)."""


def active_partners(lo: int, hi: int) -> list[tuple[Any, ...]]:
    """(id, slug, name, student, plan, plan_paid_until, current_level) of the partners the
    review reviews (active and lapsed)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, slug, name, student, plan, plan_paid_until, current_level "
            "FROM partners_partner "
            f"WHERE status IN {REVIEWED_STATUSES} AND id >= %s AND id < %s ORDER BY id",
            [lo, hi],
        )
        return [(r[0], r[1], r[2], bool(r[3]), r[4], as_date(r[5]), r[6]) for r in cur.fetchall()]


def rollup_sums(
    lo: int, hi: int, first: date, stop: date, ids: Sequence[int] | None = None
) -> list[tuple[int, int, int]]:
    """Σ points and revenue per partner over the months [first, stop); only `ids` if given."""
    only = f" AND partner_id IN ({', '.join('%s' for _ in ids)})" if ids else ""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT partner_id, SUM(points), SUM(revenue_cents) FROM ledger_monthly "
            f"WHERE partner_id >= %s AND partner_id < %s AND month >= %s AND month < %s{only} "
            "GROUP BY partner_id",
            [lo, hi, first.isoformat(), stop.isoformat(), *(ids or [])],
        )
        return [(int(p), int(a or 0), int(b or 0)) for p, a, b in cur.fetchall()]


def decided(
    lo: int, hi: int, as_of: date, edition_id: str
) -> tuple[dict[int, tuple[str, str, str]], set[int]]:
    """Decisions on or after `as_of` of partners in [lo, hi), in one query (normally none).

    Gives the decisions already written for this date and edition, partner →
    (level, previous, direction), and the partners with any other decision on or
    after `as_of` (a later review, or another edition's on the day): for them this
    review is not the latest, so it leaves their cached level alone. The (as_of,
    direction) index answers it without visiting older months' decisions.
    """
    with connection.cursor() as cur:
        cur.execute(
            "SELECT partner_id, as_of, edition_id, level, previous_level, direction "
            "FROM review_tierdecision "
            "WHERE as_of >= %s AND partner_id >= %s AND partner_id < %s",
            [as_of.isoformat(), lo, hi],
        )
        rows = cur.fetchall()
    done: dict[int, tuple[str, str, str]] = {}
    later: set[int] = set()
    for pid, day, edition, level, previous, direction in rows:
        if as_date(day) == as_of and edition == edition_id:
            done[pid] = (level, previous, direction)
        else:
            later.add(pid)
    return done, later


COPY_FROM = 500
"""From this many rows on, PostgreSQL gets decisions by COPY (fewer: plain inserts)."""

COPY_SLICE = 2000
"""Rows formatted and sent to COPY at a time."""

NULL = "\\N"
"""COPY's text-format NULL."""


def _copy_field(value: str) -> str:
    """A text field of COPY's text format (backslash escapes; usually nothing to escape)."""
    if value.isprintable() and "\\" not in value:
        return value
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def copy_text(rows: Sequence[tuple[Any, ...]], now: datetime) -> str:
    """Decision rows (DECISION_COLUMNS order, without created_at) as COPY text lines.

    Written by hand, one f-string a row: psycopg's `write_row` converts each value
    on its own, which costs more than the row's evaluation.
    """
    stamp = now.isoformat()
    esc = _copy_field
    return "".join(
        f"{pid}\t{as_of.isoformat()}\t{esc(ed)}\t{esc(facts)}\t{esc(level)}\t{esc(previous)}\t"
        f"{direction}\t{'t' if changed else 'f'}\t{esc(next_level)}\t{shape}\t"
        f"{deadline.isoformat() if deadline else NULL}\t{NULL if run is None else run}\t{stamp}\n"
        for (
            pid, as_of, ed, facts, level, previous, direction, changed, next_level, shape,
            deadline, run,
        ) in rows
    )  # fmt: skip


def shape_ids(shapes: Sequence[dict[str, Any]]) -> dict[str, int]:
    """The stored id of each shape (`explanation.shape_fields`), by digest; stores the new ones.

    In the caller's transaction. Inserted in digest order, so two chunks storing the same
    new shapes at once wait for each other instead of deadlocking.
    """
    from partnercenter.review.models import DecisionShape

    wanted = {s["digest"]: s for s in shapes}
    found = dict(DecisionShape.objects.filter(digest__in=wanted).values_list("digest", "id"))
    new = [DecisionShape(**wanted[d]) for d in sorted(wanted) if d not in found]
    if new:
        DecisionShape.objects.bulk_create(new, ignore_conflicts=True)
        found = dict(DecisionShape.objects.filter(digest__in=wanted).values_list("digest", "id"))
    return found


def insert_decisions(rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert decision rows (DECISION_COLUMNS order; `facts` as JSON text); skip duplicates."""
    if not rows:
        return
    now = datetime.now(UTC)
    columns = ", ".join(DECISION_COLUMNS)
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
        # Many rows: COPY straight into the table (the chunk had no decisions yet); if a
        # concurrent review wrote some meanwhile, COPY into a temporary table and insert
        # what is missing.
        import psycopg

        def data() -> Iterator[str]:
            """The rows as COPY text, a few thousand at a time (not one 20 MB string)."""
            for start in range(0, len(rows), COPY_SLICE):
                yield copy_text(rows[start : start + COPY_SLICE], now)

        try:
            with (
                transaction.atomic(),
                raw.cursor() as cur,
                cur.copy(f"COPY review_tierdecision ({columns}) FROM STDIN") as copy,
            ):
                for piece in data():
                    copy.write(piece)
            return
        except (IntegrityError, psycopg.IntegrityError):
            pass
        with raw.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS review_decision_load")
            cur.execute(
                f"CREATE TEMP TABLE review_decision_load AS SELECT {columns} "
                "FROM review_tierdecision WITH NO DATA"
            )
            with cur.copy(f"COPY review_decision_load ({columns}) FROM STDIN") as copy:
                for piece in data():
                    copy.write(piece)
            cur.execute(
                f"INSERT INTO review_tierdecision ({columns}) SELECT {columns} "
                "FROM review_decision_load ON CONFLICT (partner_id, as_of, edition_id) DO NOTHING"
            )
            cur.execute("DROP TABLE review_decision_load")
        return
    if connection.vendor == "postgresql":
        # A few rows (one partner re-tiered): a plain insert, no temporary table.
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO review_tierdecision ({columns}) VALUES "
                f"({', '.join('%s' for _ in DECISION_COLUMNS)}) "
                "ON CONFLICT (partner_id, as_of, edition_id) DO NOTHING",
                [(*row, now) for row in rows],
            )
        return
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    marks = ", ".join("?" for _ in DECISION_COLUMNS)
    raw.executemany(
        f"INSERT INTO review_tierdecision ({columns}) VALUES ({marks}) "
        "ON CONFLICT (partner_id, as_of, edition_id) DO NOTHING",
        [
            (
                r[0], r[1].isoformat(), *r[2:10], r[10].isoformat() if r[10] else None, r[11],
                stamp,
            )
            for r in rows
        ],
    )  # fmt: skip


def set_levels(changes: Sequence[tuple[str, int]]) -> None:
    """Write the cached current level of partners whose level changed: (level, partner id)."""
    if changes:
        with connection.cursor() as cur:
            cur.executemany("UPDATE partners_partner SET current_level = %s WHERE id = %s", changes)


def valid_certifications_sql(lo: int, hi: int, as_of: date) -> tuple[str, list[Any]]:
    """The query of (partner_id, person_id, type) of partners lo <= id < hi's certifications
    valid on `as_of`: earned before, not yet expired, and not revoked on or before `as_of` (a
    revocation counts from its day on, never earlier); with its parameters."""
    day = as_of.isoformat()
    return (
        "SELECT c.partner_id, c.person_id, c.type FROM partners_certification c "
        "WHERE c.partner_id >= %s AND c.partner_id < %s AND c.earned_on < %s "
        "AND (c.expires_on IS NULL OR c.expires_on > %s) "
        "AND NOT EXISTS (SELECT 1 FROM partners_certificationrevocation r "
        "WHERE r.certification_id = c.id AND r.revoked_on <= %s)",
        [lo, hi, day, day, day],
    )


def valid_certifications(lo: int, hi: int, as_of: date) -> list[tuple[int, int, str]]:
    """(partner, person, type) of certifications valid on `as_of` (`valid_certifications_sql`)."""
    with connection.cursor() as cur:
        cur.execute(*valid_certifications_sql(lo, hi, as_of))
        return [(int(a), int(b), str(c)) for a, b, c in cur.fetchall()]
