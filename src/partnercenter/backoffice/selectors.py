"""What staff see: the partner list with live numbers, and the program dashboard."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth

from partnercenter.domain.program import Edition
from partnercenter.domain.windows import add_months, start_of_day
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Notice, Partner
from partnercenter.review.models import TierDecision
from partnercenter.review.selectors import window_totals
from partnercenter.standing.cache import program_cached
from partnercenter.submissions.models import Status, Submission


def partner_search(
    *, q: str = "", level: str = "", status: str = "", profile: str = ""
) -> QuerySet[Partner]:
    qs = Partner.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(slug__icontains=q))
    if level:
        qs = qs.filter(current_level="" if level == "none" else level)
    if status:
        qs = qs.filter(status=status)
    if profile:
        qs = qs.filter(profile=profile)
    return qs.order_by("name")


PARTNER_SUGGESTIONS = 20
"""How many partners the export form's partner field suggests as the staff member types."""


def partner_suggestions(text: str) -> list[tuple[str, str]]:
    """Slugs and names of the first partners whose slug or name contains `text`.

    The export form asks as the field is typed rather than listing every partner: a program
    of 100,000 partners would otherwise send them all with each page.
    """
    text = text.strip()
    if not text:
        return []
    return list(partner_search(q=text).values_list("slug", "name")[:PARTNER_SUGGESTIONS])


SORT_LIVE_UP_TO = 2000
"""Up to this many partners a points or revenue sort reads live totals; above, cached ones."""

PARTNER_SORTS = ("name", "level", "points", "revenue", "status")
"""Columns the partner list sorts on; "-column" sorts descending."""


def partner_order(
    partners: QuerySet[Partner], sort: str, edition: Edition, as_of: date
) -> list[int]:
    """Partner ids in the order `sort` asks ("points", "-level", ...).

    Ties fall back to name, then id, whichever the direction, so every page of a
    paginated list shows each partner exactly once.
    """
    descending = sort.startswith("-")
    column = sort.lstrip("-") or "name"
    if column in ("points", "revenue"):
        # Over more than SORT_LIVE_UP_TO partners the whole order is kept a few minutes:
        # listing and sorting 100,000 ids on every page turn costs more than the page.
        digest = hashlib.sha256(f"{sort}|{partners.query}".encode()).hexdigest()[:24]
        return program_cached(
            f"partner-order:{digest}",
            as_of,
            lambda: _by_numbers(partners, column, descending, edition, as_of),
            keep=lambda order: len(order) > SORT_LIVE_UP_TO,
        )
    if column == "level":
        rank = Case(
            *[When(current_level=lv.code, then=Value(i)) for i, lv in enumerate(edition.levels)],
            default=Value(-1),
            output_field=IntegerField(),
        )
        partners = partners.annotate(level_rank=rank)
        key = "level_rank"
    else:
        key = column if column in PARTNER_SORTS else "name"
    first = f"-{key}" if descending else key
    return list(partners.order_by(first, "name", "id").values_list("pk", flat=True))


def _by_numbers(
    partners: QuerySet[Partner], column: str, descending: bool, edition: Edition, as_of: date
) -> list[int]:
    ids = list(partners.order_by("name", "id").values_list("pk", flat=True))
    if not ids:
        return []
    if len(ids) > SORT_LIVE_UP_TO:
        # Every partner's totals, a few minutes old at most: exact totals of 100,000
        # partners cost seconds (the window's partial months are read from the entries).
        # The numbers shown beside each name are always live (`partner_numbers`).
        totals = program_cached(
            "window-totals",
            as_of,
            lambda: window_totals(as_of, edition.window_months, 0, 2**62),
        )
    else:
        totals = window_totals(as_of, edition.window_months, min(ids), max(ids) + 1)
    index = 0 if column == "points" else 1
    sign = -1 if descending else 1
    # sorted() is stable: equal numbers keep the name-then-id order.
    return sorted(ids, key=lambda pk: sign * totals.get(pk, (0, 0))[index])


def partner_numbers(
    partners: list[Partner], as_of: date, months: int
) -> dict[int, tuple[int, int]]:
    """Points and revenue in the window for these partners (read from the monthly rollups)."""
    if not partners:
        return {}
    ids = [p.pk for p in partners]
    totals = window_totals(as_of, months, min(ids), max(ids) + 1, ids)
    return {pid: totals.get(pid, (0, 0)) for pid in ids}


@dataclass(frozen=True)
class ProgramDashboard:
    """Counts for the staff home page."""

    levels: list[tuple[str, int, int]]
    """(level name, partners now, partners 12 months ago)."""
    then: date | None
    movements: list[tuple[date, int, int]]
    """(review date, up, down) for the last 12 reviews."""
    activity_months: list[date]
    activity_rows: list[tuple[str, list[int]]]
    queue_size: int
    queue_oldest: datetime | None
    deadlines: list[Notice]


def program_dashboard(edition: Edition, today: date) -> ProgramDashboard:
    year_ago = add_months(today, -12)
    levels, then, movements = program_cached(
        "levels", today, lambda: _levels(edition, year_ago), after_reviews=True
    )
    first = add_months(today.replace(day=1), -5)
    months = [add_months(first, k) for k in range(6)]
    rows = program_cached("activity-months", today, lambda: _activity_rows(first, months))
    queue = Submission.objects.filter(status=Status.PENDING).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    deadlines = list(
        Notice.objects.filter(
            kind__in=("level_decreased", "logo"), resolved_at__isnull=True, due_on__gte=today
        )
        .select_related("partner")
        .order_by("due_on")[:50]
    )
    return ProgramDashboard(
        levels=levels,
        then=then,
        movements=movements,
        activity_months=months,
        activity_rows=rows,
        queue_size=queue["n"] or 0,
        queue_oldest=queue["oldest"],
        deadlines=deadlines,
    )


def _levels(
    edition: Edition, year_ago: date
) -> tuple[list[tuple[str, int, int]], date | None, list[tuple[date, int, int]]]:
    """Partners per level now and a year ago, and the moves of each review since.

    Counts over every partner and a year of decisions (tenths of a second at 100,000
    partners): kept until the next review, or 5 minutes for a single re-tier."""
    now_counts = dict(
        Partner.objects.filter(status="active")
        .values_list("current_level")
        .annotate(n=Count("id"))
        .values_list("current_level", "n")
    )
    then = TierDecision.objects.filter(as_of__lte=year_ago).aggregate(d=Max("as_of"))["d"]
    then_counts: dict[str, int] = {}
    if then is not None:
        then_counts = dict(
            TierDecision.objects.filter(as_of=then)
            .values_list("level")
            .annotate(n=Count("id"))
            .values_list("level", "n")
        )
    levels = [
        (lv.name, now_counts.get(lv.code, 0), then_counts.get(lv.code, 0))
        for lv in reversed(edition.levels)
    ]
    levels.append(("No level", now_counts.get("", 0), then_counts.get("", 0)))
    moves: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for as_of, direction, n in (
        TierDecision.objects.filter(as_of__gt=year_ago, changed=True)
        .values_list("as_of", "direction")
        .annotate(n=Count("id"))
        .values_list("as_of", "direction", "n")
    ):
        moves[as_of][0 if direction == "up" else 1] += n
    movements = sorted(((d, v[0], v[1]) for d, v in moves.items()), reverse=True)
    return levels, then, movements


def _activity_rows(first: date, months: list[date]) -> list[tuple[str, list[int]]]:
    """Points per activity and month since `first`, the biggest activity first (a scan of
    those months' entries: seconds at 20 million entries, hence `program_cached`)."""
    by_activity: dict[str, dict[date, int]] = defaultdict(dict)
    for month, activity, points in (
        Entry.objects.filter(occurred_at__gte=start_of_day(first))
        .annotate(m=TruncMonth("occurred_at"))
        .values_list("m", "activity")
        .annotate(p=Sum("points"))
        .values_list("m", "activity", "p")
    ):
        by_activity[activity][month.date() if isinstance(month, datetime) else month] = points or 0
    return sorted(
        ((a, [v.get(m, 0) for m in months]) for a, v in by_activity.items()),
        key=lambda r: -sum(r[1]),
    )


def partner_rows(partners: QuerySet[Partner], edition: Edition, as_of: date) -> list[list[Any]]:
    """Rows of the partner export: one per partner, numbers in the window as of `as_of`."""
    names = {lv.code: lv.name for lv in edition.levels}
    out: list[list[Any]] = [
        [
            "slug",
            "name",
            "profile",
            "status",
            "level",
            "points_in_window",
            "revenue_usd_in_window",
            "plan",
            "plan_paid_until",
            "country",
        ]
    ]
    batch: list[Partner] = []

    def flush() -> None:
        numbers = partner_numbers(batch, as_of, edition.window_months)
        for p in batch:
            pts, rev = numbers.get(p.pk, (0, 0))
            out.append(
                [
                    p.slug,
                    p.name,
                    p.profile,
                    p.status,
                    names.get(p.current_level, p.current_level),
                    pts,
                    Decimal(rev).scaleb(-2),
                    p.plan,
                    p.plan_paid_until or "",
                    p.country,
                ]
            )
        batch.clear()

    for p in partners.order_by("id").iterator(chunk_size=2000):
        batch.append(p)
        if len(batch) >= 2000:
            flush()
    flush()
    return out


def next_review_date(today: date) -> date:
    """The 1st of next month: the next monthly review."""
    return today if today.day == 1 else add_months(today.replace(day=1), 1)
