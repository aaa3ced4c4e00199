"""Issue 14: PostgreSQL decides and writes chunks two at a time (`setwise`, `pipeline.concurrently`);
SQLite writes them in order while a thread reads the next (`pipeline.pipelined`).

However the chunks run, the review writes what the in-line review writes;
a crash in the middle leaves whole chunks only, the run marked failed and the
date's lock released, and running the review again finishes it with the same
decisions.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection, transaction

from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Notice, Partner, reviewed_as_of
from partnercenter.review import services, setwise
from partnercenter.review.models import ReviewLock, ReviewRun, ReviewStatus, TierDecision
from partnercenter.review.services import review_run

pytestmark = pytest.mark.django_db(transaction=True)


BEFORE, AS_OF = date(2025, 12, 1), date(2026, 2, 1)
COLUMNS = (
    "partner__slug", "level", "previous_level", "direction", "changed", "next_level",
    "facts", "shape__digest", "logo_deadline",
)  # fmt: skip


def _world(make_partner: Any, n: int = 14) -> list[Partner]:
    """Partners with points spread over levels; some leave the window by AS_OF (decreases)."""
    partners = []
    for i in range(n):
        p = make_partner(f"p{i:02d}", student=i % 5 == 0)
        partners.append(p)
        if not i:
            continue  # no points at all
        when = datetime(2025, 1 + i % 3, 15, 12, tzinfo=UTC)
        entry_post(
            partner=p, activity="project", points=2000 + 1500 * i, occurred_at=when,
            source=Source.REPORTED, reason="Customer project", idempotency_key=f"k{i}",
        )  # fmt: skip
    review_run(as_of=BEFORE)
    return partners


def _state() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Decisions of AS_OF, notices, and each partner's cached level and review date."""
    decisions = list(
        TierDecision.objects.filter(as_of=AS_OF).order_by("partner__slug").values_list(*COLUMNS)
    )
    notices = list(Notice.objects.order_by("partner__slug").values_list("partner__slug", "due_on"))
    partners = list(
        Partner.objects.annotate(current_level_as_of=reviewed_as_of())
        .order_by("slug")
        .values_list("slug", "current_level", "current_level_as_of")
    )
    return decisions, notices, partners


def _in_line() -> tuple[Any, ...]:
    """What the review writes with every chunk prepared in line (inside a transaction,
    nothing is prepared elsewhere), rolled back afterwards."""
    with transaction.atomic():
        review_run(as_of=AS_OF, chunk=3)
        state = _state()
        transaction.set_rollback(True)
    return state


def test_chunks_prepared_elsewhere_write_what_the_in_line_review_writes(make_partner) -> None:
    # Given partners in five chunks of three, and what the in-line review writes
    _world(make_partner)
    expected = _in_line()
    assert len(expected[0]) == 14 and expected[1], "some levels drop (notices)"
    # When the review prepares them in worker processes (PostgreSQL) or a thread (SQLite)
    result = review_run(as_of=AS_OF, chunk=3)
    # Then it writes the same decisions, notices, levels and dates
    assert result.total == result.written == 14
    assert _state() == expected
    assert not ReviewLock.objects.exists()


def test_crash_mid_review_then_rerun(make_partner, monkeypatch) -> None:
    # Given partners in five chunks of three, and what a review without a crash writes
    partners = _world(make_partner)
    expected = _in_line()
    crash_from = min(p.pk for p in partners) + 6  # the third chunk
    prepare, in_database = services._prepare_chunk, setwise.decide_and_write

    def crashing(edition: Any, as_of: date, lo: int, hi: int, *args: Any) -> Any:
        if lo >= crash_from:
            raise RuntimeError("worker died")
        return prepare(edition, as_of, lo, hi, *args)

    def crashing_in_database(**kwargs: Any) -> Any:
        if kwargs["lo"] >= crash_from:
            raise RuntimeError("worker died")
        return in_database(**kwargs)

    # When deciding the third chunk and those after it fails (in whichever thread decides it)
    monkeypatch.setattr(services, "_prepare_chunk", crashing)
    monkeypatch.setattr(setwise, "decide_and_write", crashing_in_database)
    run = ReviewRun.objects.create(as_of=AS_OF)
    with pytest.raises(RuntimeError, match="worker died"):
        review_run(as_of=AS_OF, chunk=3, run=run)
    # Then the chunks before it are written whole, nothing after it, the run is failed
    # and the lock released
    run.refresh_from_db()
    assert run.status == ReviewStatus.FAILED and "worker died" in run.error
    assert not ReviewLock.objects.exists()
    decided = set(TierDecision.objects.filter(as_of=AS_OF).values_list("partner_id", flat=True))
    assert decided == {p.pk for p in partners if p.pk < crash_from}
    reviewed = set(
        Partner.objects.annotate(current_level_as_of=reviewed_as_of())
        .filter(current_level_as_of=AS_OF)
        .values_list("pk", flat=True)
    )
    assert reviewed == decided
    # When the review of the date runs again
    monkeypatch.setattr(services, "_prepare_chunk", prepare)
    monkeypatch.setattr(setwise, "decide_and_write", in_database)
    again = review_run(as_of=AS_OF, chunk=3)
    # Then it finishes the rest and the result is what a review without the crash writes
    assert again.total == 14 and again.written == 14 - len(decided)
    assert _state() == expected


def test_postgresql_decides_two_chunks_at_once_in_threads(make_partner, monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database decides chunks on PostgreSQL only")
    # Given partners in four chunks of two
    _world(make_partner, n=7)
    in_database = setwise.decide_and_write
    seen: list[tuple[int, int]] = []

    def marking(**kwargs: Any) -> Any:
        seen.append((threading.get_ident(), kwargs["lo"]))
        return in_database(**kwargs)

    # When the review runs (outside a transaction)
    monkeypatch.setattr(setwise, "decide_and_write", marking)
    result = review_run(as_of=AS_OF, chunk=2)
    # Then the database decided every chunk, in threads other than this one
    threads = {ident for ident, _ in seen}
    assert len(seen) == 4 and threading.get_ident() not in threads and len(threads) >= 2
    assert result.written == result.total == 7
