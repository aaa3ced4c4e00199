"""The tier review: evaluate every active partner as of a date and record the decisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from partnercenter.domain.evaluate import TierDecision as Decision
from partnercenter.domain.evaluate import evaluate
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import Facts
from partnercenter.partners.models import Notice, Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review.explanation import compact
from partnercenter.review.models import Direction, ReviewRun, ReviewStatus, TierDecision
from partnercenter.review.selectors import certification_counts, window_totals

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Change:
    """A partner whose level moved in a review."""

    partner_id: int
    slug: str
    name: str
    previous: str
    level: str
    direction: str


@dataclass
class ReviewResult:
    """What a review did (or, dry, would do): counts and the list of changes."""

    as_of: date
    edition_id: str
    dry_run: bool
    total: int = 0
    up: int = 0
    down: int = 0
    same: int = 0
    written: int = 0
    changes: list[Change] = field(default_factory=list)


def _rank(edition: Edition, code: str) -> int:
    if not code or not edition.has_level(code):
        return -1
    return edition.level(code).rank


def direction_of(edition: Edition, previous: str, level: str) -> str:
    a, b = _rank(edition, previous), _rank(edition, level)
    return Direction.UP if b > a else Direction.DOWN if b < a else Direction.SAME


def _previous_levels(as_of: date, partner_ids: list[int]) -> dict[int, str]:
    """For partners already reviewed on or after `as_of`: their level in the latest decision before it."""
    out: dict[int, str] = {}
    rows = (
        TierDecision.objects.filter(partner_id__in=partner_ids, as_of__lt=as_of)
        .order_by("partner_id", "as_of", "id")
        .values_list("partner_id", "level")
    )
    for pid, level in rows:
        out[pid] = level
    return out


def review_run(
    *,
    as_of: date,
    dry_run: bool = False,
    edition: Edition | None = None,
    run: ReviewRun | None = None,
    progress: Progress | None = None,
    chunk: int = 20000,
    collect_changes: bool = True,
) -> ReviewResult:
    """Review every active partner as of `as_of` under the edition in force then (or `edition`).

    Writes one decision per partner (unique per partner, date and edition, so a
    second run writes nothing and reports the same counts), updates each partner's
    cached level when this is its latest review, and gives partners whose level
    dropped a logo deadline and a notice. With `dry_run`, writes nothing.
    """
    edition = edition or edition_at(as_of)
    result = ReviewResult(as_of=as_of, edition_id=edition.edition_id, dry_run=dry_run)
    active = Partner.objects.filter(status=PartnerStatus.ACTIVE)
    bounds = active.aggregate(lo=Min("id"), hi=Max("id"))
    total = active.count()
    if run is not None:
        ReviewRun.objects.filter(pk=run.pk).update(
            status=ReviewStatus.RUNNING, total=total, edition_id=edition.edition_id
        )
    if bounds["lo"] is not None:
        lo = bounds["lo"]
        while lo <= bounds["hi"]:
            hi = lo + chunk
            with transaction.atomic():
                _review_chunk(edition, as_of, lo, hi, dry_run, run, result, collect_changes)
            if run is not None:
                ReviewRun.objects.filter(pk=run.pk).update(
                    processed=result.total, up=result.up, down=result.down, same=result.same
                )
            if progress is not None:
                progress(result.total, total)
            lo = hi
    if run is not None:
        ReviewRun.objects.filter(pk=run.pk).update(
            status=ReviewStatus.DONE, finished_at=timezone.now(), processed=result.total
        )
    return result


def _review_chunk(
    edition: Edition,
    as_of: date,
    lo: int,
    hi: int,
    dry_run: bool,
    run: ReviewRun | None,
    result: ReviewResult,
    collect_changes: bool,
) -> None:
    partners = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE, id__gte=lo, id__lt=hi).values_list(
            "id", "slug", "name", "student", "plan", "plan_paid_until", "current_level",
            "current_level_as_of",
        )
    )
    if not partners:
        return
    totals = window_totals(as_of, edition.window_months, lo, hi)
    certs = certification_counts(as_of, edition, lo=lo, hi=hi)
    decided = {
        pid: (level, previous, direction)
        for pid, level, previous, direction in TierDecision.objects.filter(
            partner_id__gte=lo, partner_id__lt=hi, as_of=as_of, edition_id=edition.edition_id
        ).values_list("partner_id", "level", "previous_level", "direction")
    }
    revisiting = [p[0] for p in partners if p[7] is not None and p[7] >= as_of and p[0] not in decided]
    earlier = _previous_levels(as_of, revisiting) if revisiting else {}
    new_rows: list[TierDecision] = []
    level_updates: list[Partner] = []
    notices: list[Notice] = []
    cache: dict[Facts, Decision] = {}
    for pid, slug, name, student, plan, paid_until, current, current_as_of in partners:
        if pid in decided:
            level, previous, direction = decided[pid]
        else:
            points, revenue = totals.get(pid, (0, 0))
            profile, sales = certs.get(pid, (0, 0))
            facts = Facts(
                points=points,
                revenue_cents=revenue,
                profile_certifications=profile,
                sales_certifications=sales,
                student=student,
                paid_plan=bool(plan) and paid_until is not None and paid_until >= as_of,
            )
            decision = cache.get(facts)
            if decision is None:
                decision = cache[facts] = evaluate(facts, edition)
            level = decision.level or ""
            latest = current_as_of is None or current_as_of < as_of
            previous = current if latest else earlier.get(pid, "")
            direction = direction_of(edition, previous, level)
            deadline = None
            if direction == Direction.DOWN:
                deadline = as_of + timedelta(days=edition.logo_grace_days)
                notices.append(_decrease_notice(edition, pid, previous, level, deadline))
            new_rows.append(
                TierDecision(
                    partner_id=pid,
                    as_of=as_of,
                    edition_id=edition.edition_id,
                    facts=facts.as_dict(),
                    level=level,
                    previous_level=previous,
                    direction=direction,
                    changed=direction != Direction.SAME,
                    next_level=decision.next_level or "",
                    missing=[[c.kind, c.needed, c.has] for c in decision.missing],
                    explanation=compact(decision),
                    logo_deadline=deadline,
                    run=run,
                )
            )
            if latest and level != current:
                level_updates.append(Partner(id=pid, current_level=level))
        result.total += 1
        if direction == Direction.UP:
            result.up += 1
        elif direction == Direction.DOWN:
            result.down += 1
        else:
            result.same += 1
        if collect_changes and direction != Direction.SAME:
            result.changes.append(Change(pid, slug, name, previous, level, direction))
    if dry_run:
        return
    TierDecision.objects.bulk_create(new_rows, batch_size=2000, ignore_conflicts=True)
    result.written += len(new_rows)
    Partner.objects.bulk_update(level_updates, ["current_level"], batch_size=2000)
    Partner.objects.filter(status=PartnerStatus.ACTIVE, id__gte=lo, id__lt=hi).exclude(
        current_level_as_of__gte=as_of
    ).update(current_level_as_of=as_of)
    Notice.objects.bulk_create(notices, batch_size=2000)


def _decrease_notice(edition: Edition, partner_id: int, previous: str, level: str, deadline: date) -> Notice:
    old = edition.level(previous).name if edition.has_level(previous) else previous
    new = edition.level(level).name if level else "no level"
    return Notice(
        partner_id=partner_id,
        kind="level_decreased",
        message=(
            f"Your level changed from {old} to {new}. Benefits follow the new level at once; "
            f"change any use of the partner logo to reflect it by {deadline:%d %B %Y}."
        ),
        due_on=deadline,
    )


def partner_retier(*, partner: Partner, as_of: date) -> ReviewResult:
    """Review one partner as of a date (after an approval, say); same rules as the full review."""
    edition = edition_at(as_of)
    result = ReviewResult(as_of=as_of, edition_id=edition.edition_id, dry_run=False)
    with transaction.atomic():
        _review_chunk(edition, as_of, partner.pk, partner.pk + 1, False, None, result, True)
    return result
