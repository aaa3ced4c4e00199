"""The tier review: evaluate every active (and lapsed) partner as of a date and record the decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from partnercenter.domain.fast import Evaluator, Shape
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import Facts
from partnercenter.partners.models import Notice, Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review import setwise, writer
from partnercenter.review.errors import ReviewAlreadyDone, ReviewAlreadyRunning
from partnercenter.review.explanation import shape_fields
from partnercenter.review.models import (
    Direction,
    ReviewLock,
    ReviewRun,
    ReviewStatus,
    TierDecision,
)
from partnercenter.review.pipeline import concurrently, pipelined
from partnercenter.review.selectors import chunk_facts
from partnercenter.standing.cache import standing_changed, standings_all_changed

Progress = Callable[[int, int], None]

REVIEWED_STATUSES = (PartnerStatus.ACTIVE, PartnerStatus.LAPSED)
"""Who the review reviews (see `writer.REVIEWED_STATUSES`, the same in SQL)."""

STALE_AFTER = timedelta(minutes=15)
"""A review lock not refreshed for this long belongs to a crashed process (a chunk takes seconds)."""


def _lock(as_of: date, run: ReviewRun | None) -> ReviewLock:
    """Take the date's review lock, or refuse: one (non-dry) review per date at a time.

    The lock is a row with a unique date, inserted in its own (committed) transaction,
    so a second review of the date, in another thread or process, fails to insert it.
    """
    now = timezone.now()
    with transaction.atomic():
        ReviewLock.objects.filter(as_of=as_of, beat_at__lt=now - STALE_AFTER).delete()
        try:
            with transaction.atomic():
                return ReviewLock.objects.create(as_of=as_of, run=run, started_at=now, beat_at=now)
        except IntegrityError:
            pass
    held = ReviewLock.objects.select_related("run").filter(as_of=as_of).first()
    started = held.started_at if held else now
    refusal = ReviewAlreadyRunning(as_of, started, held.run if held else None)
    if run is not None:
        ReviewRun.objects.filter(pk=run.pk).update(
            status=ReviewStatus.FAILED, error=refusal.message, finished_at=now
        )
    raise refusal


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

    def add(self, chunk: _Prepared) -> None:
        self.total += chunk.total
        self.up += chunk.up
        self.down += chunk.down
        self.same += chunk.same
        self.changes.extend(chunk.changes)


def _direction(ranks: dict[str, int], previous: str, level: str) -> str:
    a, b = ranks.get(previous, -1), ranks.get(level, -1)
    return "up" if b > a else "down" if b < a else "same"


def _facts_json(f: Facts) -> str:
    """Facts.as_dict() as JSON, written out by hand: it runs once per partner per review."""
    return (
        f'{{"points": {f.points}, "revenue_cents": {f.revenue_cents}, '
        f'"profile_certifications": {f.profile_certifications}, '
        f'"sales_certifications": {f.sales_certifications}, '
        f'"student": {"true" if f.student else "false"}, '
        f'"paid_plan": {"true" if f.paid_plan else "false"}}}'
    )


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
    chunk: int | None = None,
    collect_changes: bool = True,
) -> ReviewResult:
    """Review every active and lapsed partner as of `as_of` under the edition in force then
    (or `edition`); a lapsed partner's earned level is recorded (its benefits stay suspended).

    Writes one decision per partner (unique per partner, date and edition, so a
    second run writes nothing and reports the same counts), updates a partner's
    cached level when it changed and this is its latest review, and gives partners whose level
    dropped a logo deadline and a notice (one per partner and day). With `dry_run`,
    writes nothing. One non-dry review per date runs at a time: a second one raises
    `ReviewAlreadyRunning` (and its `run`, if any, is marked failed with that message).

    Partners are taken in chunks by id (`chunk`, by default `CHUNK`); each
    chunk's decisions, level changes and notices commit together (a partner's
    "reviewed as of" date is its latest decision's: no partner row is written
    unless its level changed). On PostgreSQL the database decides and writes each chunk
    itself (`setwise`), `pipeline.THREADS` chunks at a time, each in its own connection;
    elsewhere, and for a dry run, this process writes the chunks in id order while a
    thread reads and decides the next one (`pipeline.pipelined`). A crash mid-way leaves
    the chunks already committed (each one whole) and the run marked failed; the
    lock is released, or taken over once stale, and running the review of the
    same date again skips the partners already decided and finishes the rest, with
    the same decisions a review without the crash writes (tests/review
    `test_crash_mid_review_then_rerun`).
    """
    edition = edition or edition_at(as_of)
    chunk = chunk or CHUNK
    lock = None if dry_run else _lock(as_of, run)
    try:
        return _review(as_of, dry_run, edition, run, progress, chunk, collect_changes, lock)
    except Exception as exc:
        if run is not None:
            ReviewRun.objects.filter(pk=run.pk).update(status=ReviewStatus.FAILED, error=str(exc))
        raise
    finally:
        if lock is not None:
            ReviewLock.objects.filter(pk=lock.pk).delete()


def _review(
    as_of: date,
    dry_run: bool,
    edition: Edition,
    run: ReviewRun | None,
    progress: Progress | None,
    chunk: int,
    collect_changes: bool,
    lock: ReviewLock | None,
) -> ReviewResult:
    """The body of `review_run`, with the date's lock held (unless dry)."""
    evaluator = Evaluator(edition)
    result = ReviewResult(as_of=as_of, edition_id=edition.edition_id, dry_run=dry_run)
    active = Partner.objects.filter(status__in=REVIEWED_STATUSES)
    bounds = active.aggregate(lo=Min("id"), hi=Max("id"))
    total = active.count()
    if run is not None:
        ReviewRun.objects.filter(pk=run.pk).update(
            status=ReviewStatus.RUNNING, total=total, edition_id=edition.edition_id
        )
    run_id = run.pk if run is not None else None
    ranges = []
    if bounds["lo"] is not None:
        ranges = [(lo, lo + chunk) for lo in range(bounds["lo"], bounds["hi"] + 1, chunk)]

    def prepare(bounds_: tuple[int, int]) -> _Prepared:
        return _prepare_chunk(edition, as_of, *bounds_, run_id, collect_changes, evaluator)

    def chunks() -> Iterator[_Prepared]:
        if not dry_run and setwise.available(evaluator):
            # Normally nobody has a decision on or after the date yet: then no chunk need look.
            fresh = not TierDecision.objects.filter(as_of__gte=as_of).exists()

            def in_database(bounds_: tuple[int, int]) -> _Prepared:
                lo, hi = bounds_
                return _decide_in_database(evaluator, as_of, lo, hi, run_id, collect_changes, fresh)

            yield from concurrently(in_database, ranges)
            return
        for prepared in pipelined(prepare, ranges):
            if not dry_run:
                with transaction.atomic():
                    _write_chunk(prepared, as_of)
            yield prepared

    for prepared in chunks():
        result.add(prepared)
        if not dry_run:
            result.written += prepared.written or len(prepared.rows)
        if run is not None:
            ReviewRun.objects.filter(pk=run.pk).update(
                processed=result.total, up=result.up, down=result.down, same=result.same
            )
        if lock is not None:
            ReviewLock.objects.filter(pk=lock.pk).update(beat_at=timezone.now())
        if progress is not None:
            progress(result.total, total)
    if run is not None:
        ReviewRun.objects.filter(pk=run.pk).update(
            status=ReviewStatus.DONE, finished_at=timezone.now(), processed=result.total
        )
    return result


@dataclass
class _Prepared:
    """One chunk of partners read and decided, ready to be written."""

    lo: int
    hi: int
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    """Decision rows to write, each with its shape's digest in place of the shape's id."""
    shapes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The shapes the rows point to (`explanation.shape_fields`), by digest."""
    written: int = 0
    """Decisions the database decided and wrote itself (`setwise`; then `rows` is empty)."""
    level_updates: list[tuple[str, int]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    total: int = 0
    up: int = 0
    down: int = 0
    same: int = 0
    changes: list[Change] = field(default_factory=list)


CHUNK = 20000
"""Partners per chunk: one transaction each."""


def _prepare_chunk(
    edition: Edition,
    as_of: date,
    lo: int,
    hi: int,
    run_id: int | None,
    collect_changes: bool,
    evaluator: Evaluator,
) -> _Prepared:
    """Read the facts of partners with lo <= id < hi and decide each one; write nothing."""
    out = _Prepared(lo, hi)
    partners = chunk_facts(as_of, edition, lo, hi)
    if not partners:
        return out
    # One query per chunk: decisions already written on or after `as_of` (normally none).
    # A partner with one of a later date (or another edition's on the day) keeps its cached
    # level, and its previous level is its decision before `as_of`.
    done, later = writer.decided(lo, hi, as_of, edition.edition_id)
    revisiting = [pid for pid in later if pid not in done]
    earlier = _previous_levels(as_of, revisiting) if revisiting else {}
    known: dict[Shape, str] = {}
    for (pid, slug, name, _, _, _, current), facts in partners:
        if pid in done:
            level, previous, direction = done[pid]
        else:
            shape = evaluator.shape(facts)
            digest = known.get(shape)
            if digest is None:
                fields = shape_fields(evaluator, shape)
                digest = known[shape] = fields["digest"]
                out.shapes[digest] = fields
            level = shape.level or ""
            latest = pid not in later
            previous = current if latest else earlier.get(pid, "")
            direction = _direction(evaluator.ranks, previous, level)
            deadline = None
            if direction == Direction.DOWN:
                deadline = as_of + timedelta(days=edition.logo_grace_days)
                out.notices.append(_decrease_notice(edition, pid, previous, level, deadline, as_of))
            out.rows.append(
                (
                    pid, as_of, edition.edition_id, _facts_json(facts), level, previous,
                    direction, direction != Direction.SAME, shape.next_level or "", digest,
                    deadline, run_id,
                )
            )  # fmt: skip
            if latest and level != current:
                out.level_updates.append((level, pid))
        out.total += 1
        if direction == Direction.UP:
            out.up += 1
        elif direction == Direction.DOWN:
            out.down += 1
        else:
            out.same += 1
        if collect_changes and direction != Direction.SAME:
            out.changes.append(Change(pid, slug, name, previous, level, str(direction)))
    return out


def _decide_in_database(
    evaluator: Evaluator,
    as_of: date,
    lo: int,
    hi: int,
    run_id: int | None,
    collect_changes: bool,
    fresh: bool,
) -> _Prepared:
    """Decide and write the partners with lo <= id < hi in one transaction: in the database
    (`setwise`), or row by row when some already have a decision on or after `as_of` (a
    review finished after a crash, or one of an earlier date run after a later one), known
    not to when the review started `fresh`, or written meanwhile (one partner re-tiered)."""
    edition = evaluator.edition

    def row_by_row() -> _Prepared:
        prepared = _prepare_chunk(edition, as_of, lo, hi, run_id, collect_changes, evaluator)
        _write_chunk(prepared, as_of)
        return prepared

    with transaction.atomic():
        if not fresh:
            done, later = writer.decided(lo, hi, as_of, edition.edition_id)
            if done or later:
                return row_by_row()
        try:
            with transaction.atomic():
                outcome = setwise.decide_and_write(
                    evaluator=evaluator, as_of=as_of, lo=lo, hi=hi, run_id=run_id,
                    now=timezone.now(),
                )  # fmt: skip
        except IntegrityError:
            return row_by_row()
        out = _Prepared(lo, hi, written=outcome.total, total=outcome.total)
        out.up, out.down, out.same = outcome.up, outcome.down, outcome.same
        deadline = as_of + timedelta(days=edition.logo_grace_days)
        for pid, slug, name, previous, level, direction in outcome.moved:
            if direction == Direction.DOWN:
                out.notices.append(_decrease_notice(edition, pid, previous, level, deadline, as_of))
            if collect_changes:
                out.changes.append(Change(pid, slug, name, previous, level, direction))
        standings_all_changed()
        Notice.objects.bulk_create(out.notices, batch_size=2000, ignore_conflicts=True)
    return out


def _write_chunk(prepared: _Prepared, as_of: date) -> None:
    # Decisions feed the portal's membership card (standing.cache): one partner re-tiered
    # forgets that partner's standing only; a chunk of the review forgets every partner's.
    if prepared.hi - prepared.lo == 1:
        standing_changed(prepared.lo)
    else:
        standings_all_changed()
    ids = writer.shape_ids(list(prepared.shapes.values()))
    writer.insert_decisions([(*r[:9], ids[r[9]], *r[10:]) for r in prepared.rows])
    writer.set_levels(prepared.level_updates)
    # One notice per partner, kind and day (a unique constraint): a notice another review
    # of the same day already wrote is skipped (ON CONFLICT DO NOTHING / INSERT OR IGNORE).
    Notice.objects.bulk_create(prepared.notices, batch_size=2000, ignore_conflicts=True)


def _decrease_notice(
    edition: Edition, partner_id: int, previous: str, level: str, deadline: date, as_of: date
) -> Notice:
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
        on=as_of,
    )


def partner_retier(*, partner: Partner, as_of: date) -> ReviewResult:
    """Review one partner as of a date (after an approval, say); same rules as the full review."""
    edition = edition_at(as_of)
    result = ReviewResult(as_of=as_of, edition_id=edition.edition_id, dry_run=False)
    prepared = _prepare_chunk(
        edition, as_of, partner.pk, partner.pk + 1, None, True, Evaluator(edition)
    )
    result.add(prepared)
    with transaction.atomic():
        _write_chunk(prepared, as_of)
    result.written = len(prepared.rows)
    return result


def review_start(*, as_of: date, dry_run: bool = False) -> ReviewRun:
    """Queue a review for the background worker; the returned run shows its progress.

    A (non-dry) review of a date already queued, running or done is refused with the
    run to look at (`ReviewAlreadyRunning`, `ReviewAlreadyDone`) instead of queueing another.
    """
    from partnercenter.review.tasks import review_job

    edition = edition_at(as_of)
    if not dry_run:
        review_refuse_if_taken(as_of=as_of)
    run = ReviewRun.objects.create(as_of=as_of, dry_run=dry_run, edition_id=edition.edition_id)
    transaction.on_commit(lambda: review_job.enqueue(run.pk))
    return run


def review_refuse_if_taken(*, as_of: date) -> None:
    """Refuse a new (non-dry) review of `as_of` when one is queued, running or done."""
    runs = ReviewRun.objects.filter(as_of=as_of, dry_run=False).order_by("-created_at")
    held = ReviewLock.objects.select_related("run").filter(as_of=as_of).first()
    if held is not None and held.beat_at >= timezone.now() - STALE_AFTER:
        raise ReviewAlreadyRunning(as_of, held.started_at, held.run)
    pending = runs.filter(status__in=(ReviewStatus.QUEUED, ReviewStatus.RUNNING)).first()
    if pending is not None:
        raise ReviewAlreadyRunning(as_of, pending.created_at, pending)
    done = runs.filter(status=ReviewStatus.DONE).first()
    if done is not None:
        raise ReviewAlreadyDone(as_of, done)
