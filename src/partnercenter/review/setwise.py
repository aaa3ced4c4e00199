"""A chunk of the review decided and written by PostgreSQL itself: no partner's row passes
through Python.

The review's cost in Python (reading 100,000 partners' sums, deciding each, formatting
each decision for COPY) was most of its time. Yet a decision depends only on which
*bucket* each of the partner's numbers falls in among the edition's thresholds
(`domain.fast.Evaluator`): a chunk of 20,000 partners has a few dozen buckets. So:

1. one statement sums each partner's window, counts its certifications and puts it in
   its bucket, into a temporary table (`review_chunk`);
2. Python decides each bucket once (`Evaluator.shape`, the same code as the row-by-row
   review) and sends the few shapes back (`review_shape`);
3. one `INSERT … SELECT` writes every decision: its facts and its bucket's stored shape
   (`DecisionShape`), what the row-by-row path writes (`tests/review/test_setwise.py`
   holds them equal);
4. the few partners whose level moved are read back for their cached level, notices and
   the list of changes.

Only for chunks with no decision on or after the date (the normal monthly review); a
chunk being finished after a crash, or reviewed before a later review, goes row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection

from partnercenter.domain.fast import Evaluator
from partnercenter.domain.program import CertificationKind
from partnercenter.domain.requirements import Facts
from partnercenter.domain.windows import start_of_day
from partnercenter.review import writer
from partnercenter.review.explanation import shape_fields
from partnercenter.review.models import Direction
from partnercenter.review.selectors import window_parts
from partnercenter.review.writer import REVIEWED_STATUSES

FACT_SQL = {
    "points": "points",
    "revenue_cents": "revenue_cents",
    "profile_certifications": "profile_certifications",
    "sales_certifications": "sales_certifications",
    "student_enrolment": "student::int",
    "paid_plan": "paid_plan::int",
}
"""Each requirement kind's number (`RequirementKind.fact`) as a column of `review_chunk`."""


def available(evaluator: Evaluator) -> bool:
    """Whether chunks can be decided in the database: PostgreSQL, and every kind the edition
    uses has its column here (a new requirement kind goes row by row until it does; so does
    an edition whose levels require nothing)."""
    kinds = evaluator.kinds
    return connection.vendor == "postgresql" and bool(kinds) and all(k in FACT_SQL for k in kinds)


@dataclass
class Outcome:
    """What one chunk's decisions were: counts, and the partners whose level moved."""

    total: int = 0
    up: int = 0
    down: int = 0
    same: int = 0
    moved: list[tuple[int, str, str, str, str, str]] = field(default_factory=list)
    """(partner id, slug, name, previous level, level, direction) of each partner that moved."""


def _window_sql(as_of: date, months: int, lo: int, hi: int) -> tuple[str, list[Any]]:
    """Each partner's rows of the window, as `selectors.window_totals` reads them (rollups
    for the whole months, entries for the edges: `selectors.window_parts`)."""
    first, stop, edges = window_parts(as_of, months)
    parts = [
        "SELECT partner_id, points, revenue_cents FROM ledger_monthly "
        "WHERE partner_id >= %s AND partner_id < %s AND month >= %s AND month < %s"
    ]
    params: list[Any] = [lo, hi, first, stop]
    for a, b in edges:
        parts.append(
            "SELECT partner_id, points, revenue_cents FROM ledger_entry "
            "WHERE partner_id >= %s AND partner_id < %s AND occurred_at >= %s AND occurred_at < %s"
        )
        params += [lo, hi, start_of_day(a), start_of_day(b)]
    return " UNION ALL ".join(parts), params


def _fill_chunk(evaluator: Evaluator, as_of: date, lo: int, hi: int) -> None:
    """`review_chunk`: each reviewed partner of [lo, hi), its facts and its bucket."""
    edition, ranks = evaluator.edition, evaluator.ranks
    window, window_params = _window_sql(as_of, edition.window_months, lo, hi)
    valid, valid_params = writer.valid_certifications_sql(lo, hi, as_of)
    profile = [c.code for c in edition.certifications if c.kind == CertificationKind.PROFILE]
    other = [c.code for c in edition.certifications if c.kind != CertificationKind.PROFILE]
    buckets = ", ".join(
        f"width_bucket({FACT_SQL[kind]}, ARRAY[{', '.join(str(t) for t in thresholds)}]) AS k{i}"
        for i, (kind, thresholds) in enumerate(
            zip(evaluator.kinds, evaluator.thresholds, strict=True)
        )
    )
    day = as_of.isoformat()
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS review_chunk")
        cur.execute(
            "CREATE TEMP TABLE review_chunk AS "
            f"SELECT f.*, {buckets}, points >= %s AS on_path FROM ("
            "SELECT p.id AS partner_id, p.current_level AS previous, "
            f"CASE p.current_level {'WHEN %s THEN %s ' * len(ranks)}ELSE -1 END AS previous_rank, "
            "p.student, "
            "COALESCE(p.plan <> '' AND p.plan_paid_until >= %s, false) AS paid_plan, "
            "COALESCE(t.points, 0)::bigint AS points, "
            "COALESCE(t.revenue_cents, 0)::bigint AS revenue_cents, "
            "COALESCE(c.profile, 0)::int AS profile_certifications, "
            "COALESCE(c.sales, 0)::int AS sales_certifications "
            "FROM partners_partner p "
            "LEFT JOIN (SELECT partner_id, SUM(points) AS points, SUM(revenue_cents) AS revenue_cents "
            f"FROM ({window}) w GROUP BY partner_id) t ON t.partner_id = p.id "
            "LEFT JOIN (SELECT partner_id, COUNT(*) FILTER (WHERE type = ANY(%s)) AS profile, "
            "COUNT(*) FILTER (WHERE type = ANY(%s)) AS sales FROM ("
            # A person counts once per certification type, however often renewed
            # (`selectors.certification_counts`).
            f"SELECT DISTINCT partner_id, person_id, type FROM ({valid}) v"
            ") v GROUP BY partner_id) c ON c.partner_id = p.id "
            f"WHERE p.status IN {REVIEWED_STATUSES} AND p.id >= %s AND p.id < %s) f",
            [
                evaluator.path_points, *[x for code, rank in ranks.items() for x in (code, rank)],
                day, *window_params, profile, other, *valid_params, lo, hi,
            ],
        )  # fmt: skip


def _bucket(evaluator: Evaluator) -> list[str]:
    """The columns that name a partner's bucket (`Evaluator`'s shape key): one band number
    per requirement kind, the paid plan, and whether the points path is reached."""
    return [*(f"k{i}" for i in range(len(evaluator.kinds))), "paid_plan", "on_path"]


def _fill_shapes(evaluator: Evaluator) -> None:
    """`review_shape`: each bucket present in the chunk, decided once, with its stored shape."""
    bucket = _bucket(evaluator)
    keys = bucket[:-2]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {', '.join(bucket)}, MIN(points), MIN(revenue_cents), "
            "MIN(profile_certifications), MIN(sales_certifications), bool_or(student) "
            f"FROM review_chunk GROUP BY {', '.join(bucket)}"
        )
        buckets = []
        for row in cur.fetchall():
            paid, on_path, points, revenue, profile, sales, student = row[len(keys) :]
            # Every partner of the bucket decides alike: its smallest numbers stand for all.
            shape = evaluator.shape(
                Facts(
                    points=int(points), revenue_cents=int(revenue),
                    profile_certifications=int(profile), sales_certifications=int(sales),
                    student=bool(student), paid_plan=bool(paid),
                )
            )  # fmt: skip
            buckets.append((row[: len(bucket)], shape, shape_fields(evaluator, shape)))
        ids = writer.shape_ids([fields for _, _, fields in buckets])
        cur.execute("DROP TABLE IF EXISTS review_shape")
        cur.execute(
            "CREATE TEMP TABLE review_shape ("
            + "".join(f"{k} int, " for k in keys)
            + "paid_plan bool, on_path bool, level text, rank int, next_level text, shape_id int)"
        )
        cur.executemany(
            f"INSERT INTO review_shape VALUES ({', '.join(['%s'] * (len(bucket) + 4))})",
            [
                (*key, shape.level or "", evaluator.ranks.get(shape.level or "", -1),
                 shape.next_level or "", ids[fields["digest"]])
                for key, shape, fields in buckets
            ],
        )  # fmt: skip


def decide_and_write(
    *,
    evaluator: Evaluator,
    as_of: date,
    lo: int,
    hi: int,
    run_id: int | None,
    now: datetime,
) -> Outcome:
    """Decide and write the partners of [lo, hi) that have no decision on or after `as_of`
    (the caller checks), in the caller's transaction; set the cached level of those that
    moved. The caller writes their notices from `Outcome.moved`."""
    edition = evaluator.edition
    with connection.cursor() as cur:
        # Sorting and hashing a chunk's rows in memory, not in temporary files.
        cur.execute("SET LOCAL work_mem = '64MB'")
    _fill_chunk(evaluator, as_of, lo, hi)
    _fill_shapes(evaluator)
    deadline = as_of + timedelta(days=edition.logo_grace_days)
    up, down, same = Direction.UP.value, Direction.DOWN.value, Direction.SAME.value
    direction = (
        f"CASE WHEN s.rank > f.previous_rank THEN '{up}' "
        f"WHEN s.rank < f.previous_rank THEN '{down}' ELSE '{same}' END"
    )
    out = Outcome()
    with connection.cursor() as cur:
        # One round trip: insert the chunk's decisions, then count them by direction and list
        # the few partners whose level moved.
        cur.execute(
            "WITH written AS (INSERT INTO review_tierdecision (partner_id, as_of, edition_id, "
            "facts, level, previous_level, direction, changed, next_level, shape_id, "
            "logo_deadline, run_id, created_at) "
            f"SELECT partner_id, %s, %s, facts, level, previous, direction, direction <> '{same}', "
            f"next_level, shape_id, CASE WHEN direction = '{down}' THEN %s::date END, %s, %s FROM ("
            f"SELECT f.partner_id, f.previous, s.level, s.next_level, s.shape_id, {direction} "
            # `Facts.as_dict()` (to_jsonb of a row costs less than jsonb_build_object).
            "AS direction, to_jsonb(x) AS facts "
            f"FROM review_chunk f JOIN review_shape s USING ({', '.join(_bucket(evaluator))}) "
            "CROSS JOIN LATERAL (SELECT f.points, f.revenue_cents, f.profile_certifications, "
            "f.sales_certifications, f.student, f.paid_plan) x"
            ") d ORDER BY partner_id "
            "RETURNING partner_id, direction, level, previous_level) "
            "SELECT direction, COUNT(*), "
            "array_agg(partner_id ORDER BY partner_id) FILTER (WHERE level <> previous_level), "
            "array_agg(level ORDER BY partner_id) FILTER (WHERE level <> previous_level), "
            "array_agg(previous_level ORDER BY partner_id) FILTER (WHERE level <> previous_level) "
            "FROM written GROUP BY direction",
            [as_of, edition.edition_id, deadline, run_id, now],
        )  # fmt: skip
        changed: list[tuple[int, str, str, str]] = []
        for name, count, ids, new_levels, previous in cur.fetchall():
            setattr(out, name, int(count))
            ids = ids or []
            changed += zip(ids, new_levels or [], previous or [], [name] * len(ids), strict=True)
        out.total = out.up + out.down + out.same
        cur.execute("DROP TABLE review_chunk")
        cur.execute("DROP TABLE review_shape")
        if not changed:
            return out
        # The cached level follows the decision (this is each partner's latest review).
        cur.execute(
            "UPDATE partners_partner p SET current_level = u.level "
            "FROM unnest(%s::bigint[], %s::text[]) AS u (id, level) WHERE p.id = u.id",
            [[c[0] for c in changed], [c[1] for c in changed]],
        )
        cur.execute(
            "SELECT id, slug, name FROM partners_partner WHERE id = ANY(%s)",
            [[c[0] for c in changed if c[3] != same]],
        )
        names = {pid: (slug, name) for pid, slug, name in cur.fetchall()}
        out.moved = [
            (pid, *names[pid], previous, level, direction)
            for pid, level, previous, direction in sorted(changed)
            if direction != same
        ]
    return out
