"""Posting to the ledger: idempotent, capped by the edition, rollups kept in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from partnercenter.domain.program import Edition, Per, Unit
from partnercenter.ledger.errors import (
    AlreadyReversed,
    CapReached,
    IdempotencyConflict,
    InvalidEntry,
    InvalidPoints,
    PersonRequired,
    UnknownActivity,
)
from partnercenter.ledger.models import Entry, MonthlyRollup, Source
from partnercenter.partners.models import Partner, Person
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.cache import standing_changed

ADJUSTMENT = "adjustment"
"""The activity code of staff adjustments (not in any catalogue: any signed amount, with a reason)."""


@dataclass(frozen=True)
class PostResult:
    """The entry, and whether this call created it (False: the key was already posted)."""

    entry: Entry
    created: bool


def _month(moment: datetime) -> date:
    return moment.astimezone(UTC).date().replace(day=1)


def _lock_partner(partner_id: int) -> None:
    """Serialise postings of one partner (a row lock on PostgreSQL; SQLite locks the database)."""
    list(Partner.objects.select_for_update().filter(pk=partner_id).values_list("pk", flat=True))


def _rollup_add(partner_id: int, month: date, points: int, revenue_cents: int) -> None:
    """Add to the partner's month in one statement (an upsert, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_monthly (partner_id, month, points, revenue_cents) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (partner_id, month) DO UPDATE SET "
            "points = ledger_monthly.points + excluded.points, "
            "revenue_cents = ledger_monthly.revenue_cents + excluded.revenue_cents",
            [partner_id, month, points, revenue_cents],
        )
    # Every posting and reversal passes here: the partner's cached standing is stale.
    standing_changed(partner_id)


def _resolve_points(
    edition: Edition, activity: str, points: int | None, revenue_cents: int, source: str
) -> int:
    if activity == ADJUSTMENT:
        if source != Source.ADJUSTMENT:
            raise InvalidEntry("Adjustments must have source 'adjustment'.")
        if not points:
            raise InvalidPoints("An adjustment needs a non-zero number of points.")
        return points
    if not edition.has_activity(activity):
        raise UnknownActivity(f"Activity {activity!r} is not in edition {edition.edition_id}.")
    rule = edition.activity(activity)
    if rule.unit == Unit.USD:
        expected = (revenue_cents // 100) * rule.points
        if points is not None and points != expected:
            raise InvalidPoints(
                f"{rule.name} earns {rule.points} point(s) per USD: {expected} for this revenue, not {points}."
            )
        return expected
    if revenue_cents:
        raise InvalidEntry(f"{rule.name} carries no revenue.")
    if rule.minimum:
        if points is None:
            return rule.points
        if points < rule.points:
            raise InvalidPoints(
                f"{rule.name} earns at least {rule.points:,} points, not {points:,}."
            )
        return points
    if points is not None and points != rule.points:
        raise InvalidPoints(f"{rule.name} earns exactly {rule.points:,} points, not {points:,}.")
    return rule.points


def _live(partner: Partner, activity: str):  # type: ignore[no-untyped-def]
    """Entries of an activity that count: neither reversed nor reversals."""
    return Entry.objects.filter(
        partner=partner, activity=activity, reverses__isnull=True, reversed_by__isnull=True
    )


def _check_caps(
    edition: Edition,
    partner: Partner,
    activity: str,
    person: Person | None,
    occurred_at: datetime,
    occasion: str,
) -> None:
    if activity == ADJUSTMENT:
        return
    rule = edition.activity(activity)
    day = occurred_at.astimezone(UTC).date()
    if rule.per == Per.PERSON:
        if person is None:
            raise PersonRequired(f"{rule.name} counts per person: name the person.")
        if _live(partner, activity).filter(person=person, occasion=occasion).exists():
            raise CapReached(
                f"{rule.name} already counts for {person.name} for {occasion} (once per person)."
            )
    cap = rule.cap
    if cap is None:
        return
    if cap.max_total is not None and _live(partner, activity).count() >= cap.max_total:
        raise CapReached(f"{rule.name} counts at most {cap.max_total} times; the cap is reached.")
    if cap.per_period is not None:
        qs = _live(partner, activity).filter(occurred_at__year=day.year)
        if cap.period == "month":
            qs = qs.filter(occurred_at__month=day.month)
        if qs.count() >= cap.per_period:
            when = day.strftime("%B %Y") if cap.period == "month" else str(day.year)
            raise CapReached(
                f"{rule.name} counts {cap.per_period} per {cap.period}; {when} already has it."
            )


def _same_content(entry: Entry, **fields: object) -> bool:
    return all(getattr(entry, name) == value for name, value in fields.items())


def entry_post(
    *,
    partner: Partner,
    activity: str,
    occurred_at: datetime,
    source: str,
    reason: str,
    idempotency_key: str,
    points: int | None = None,
    revenue_cents: int = 0,
    person: Person | None = None,
    recorded_at: datetime | None = None,
    occasion: str = "",
) -> PostResult:
    """Post an entry once per idempotency key, within the edition's caps.

    The same key with the same content returns the existing entry; the same key
    with other content raises IdempotencyConflict. Points default from the
    catalogue; "From N+" activities accept any number ≥ N. A per-person activity
    counts once per person per `occasion` (default: the day it occurred).
    """
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidEntry("An idempotency key of 1 to 200 characters is required.")
    if not reason.strip():
        raise InvalidEntry("Every entry needs a reason.")
    if timezone.is_naive(occurred_at):
        raise InvalidEntry("occurred_at must be timezone-aware.")
    if source not in Source.values:
        raise InvalidEntry(f"Unknown source {source!r}.")
    if person is not None and person.partner_id != partner.pk:
        raise InvalidEntry(f"{person.name} does not belong to {partner.name}.")
    edition = edition_at(occurred_at.astimezone(UTC).date())
    occasion = (occasion or occurred_at.astimezone(UTC).date().isoformat())[:100]
    resolved = _resolve_points(edition, activity, points, revenue_cents, source)
    content = {
        "partner_id": partner.pk,
        "person_id": person.pk if person else None,
        "activity": activity,
        "points": resolved,
        "revenue_cents": revenue_cents,
        "occurred_at": occurred_at,
        "source": source,
    }
    existing = Entry.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _replayed(existing, content, idempotency_key)
    try:
        with transaction.atomic():
            # One posting per partner at a time: caps and rollups stay exact under concurrency.
            _lock_partner(partner.pk)
            _check_caps(edition, partner, activity, person, occurred_at, occasion)
            entry = Entry.objects.create(
                partner=partner,
                person=person,
                activity=activity,
                points=resolved,
                revenue_cents=revenue_cents,
                occurred_at=occurred_at,
                recorded_at=recorded_at or timezone.now(),
                source=source,
                reason=reason.strip(),
                occasion=occasion,
                idempotency_key=idempotency_key,
                edition_id=edition.edition_id,
            )
            _rollup_add(partner.pk, _month(occurred_at), resolved, revenue_cents)
    except IntegrityError:
        # Another process posted the same key between our look-up and insert.
        existing = Entry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _replayed(existing, content, idempotency_key)
    return PostResult(entry, created=True)


def _replayed(existing: Entry, content: Mapping[str, object], key: str) -> PostResult:
    if not _same_content(existing, **content):
        raise IdempotencyConflict(
            f"Idempotency key {key!r} was already used for a different entry (#{existing.pk})."
        )
    return PostResult(existing, created=False)


def entry_reverse(
    *,
    entry: Entry,
    reason: str,
    idempotency_key: str | None = None,
    recorded_at: datetime | None = None,
) -> PostResult:
    """Cancel an entry with a reversing entry (negated amounts, same month); at most once.

    Reversing an already reversed entry with the same key returns the reversal.
    """
    key = idempotency_key or f"reverse:{entry.idempotency_key}"[:200]
    if not reason.strip():
        raise InvalidEntry("A reversal needs a reason.")
    if entry.reverses_id is not None:
        raise InvalidEntry("A reversal cannot be reversed; post a new entry instead.")
    existing = Entry.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.reverses_id != entry.pk:
            raise IdempotencyConflict(
                f"Idempotency key {key!r} was already used for entry #{existing.pk}."
            )
        return PostResult(existing, created=False)
    try:
        with transaction.atomic():
            _lock_partner(entry.partner_id)
            if Entry.objects.filter(reverses=entry).exists():
                raise AlreadyReversed(f"Entry #{entry.pk} is already reversed.")
            reversal = Entry.objects.create(
                partner_id=entry.partner_id,
                person_id=entry.person_id,
                activity=entry.activity,
                points=-entry.points,
                revenue_cents=-entry.revenue_cents,
                occurred_at=entry.occurred_at,
                recorded_at=recorded_at or timezone.now(),
                source=entry.source,
                reason=reason.strip(),
                occasion=entry.occasion,
                idempotency_key=key,
                edition_id=entry.edition_id,
                reverses=entry,
            )
            _rollup_add(
                entry.partner_id, _month(entry.occurred_at), -entry.points, -entry.revenue_cents
            )
    except IntegrityError:
        existing = Entry.objects.filter(idempotency_key=key).first()
        if existing is not None and existing.reverses_id == entry.pk:
            return PostResult(existing, created=False)
        raise AlreadyReversed(f"Entry #{entry.pk} is already reversed.") from None
    return PostResult(reversal, created=True)


@transaction.atomic
def rollups_rebuild(*, partner_ids: list[int] | None = None) -> int:
    """Recompute the monthly rollups from the entries (the one documented way to repair them).

    Returns the number of rollup rows written.
    """
    rollups = MonthlyRollup.objects.all()
    entries = Entry.objects.all()
    if partner_ids is not None:
        rollups = rollups.filter(partner_id__in=partner_ids)
        entries = entries.filter(partner_id__in=partner_ids)
    rollups.delete()
    sums: dict[tuple[int, date], list[int]] = {}
    for partner_id, occurred_at, points, revenue in entries.values_list(
        "partner_id", "occurred_at", "points", "revenue_cents"
    ).iterator(chunk_size=10000):
        bucket = sums.setdefault((partner_id, _month(occurred_at)), [0, 0])
        bucket[0] += points
        bucket[1] += revenue
    MonthlyRollup.objects.bulk_create(
        [
            MonthlyRollup(partner_id=p, month=m, points=v[0], revenue_cents=v[1])
            for (p, m), v in sums.items()
        ],
        batch_size=5000,
    )
    return len(sums)
