"""Issue 8, defect 2: two reviews of the same date at once duplicated the level-decrease notices.

One (non-dry) review per date runs at a time (a lock row), notices are unique per
partner, kind and date in the database, and the back office and the API say when a
review for the date is already running or done instead of queueing another.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from partnercenter.domain.fast import Evaluator
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Notice
from partnercenter.programs.selectors import edition_at
from partnercenter.review import services
from partnercenter.review.errors import ReviewAlreadyDone, ReviewAlreadyRunning
from partnercenter.review.models import ReviewLock, ReviewRun, ReviewStatus, TierDecision
from partnercenter.review.services import review_run, review_start
from tests.submissions.factories import with_roles

DROP_DAY = date(2026, 2, 1)


def _dropping(make_partner, n: int = 3) -> list:  # type: ignore[no-untyped-def]
    """Partners at Professional on 1 Dec 2025 whose points leave the window by 1 Feb 2026."""
    partners = []
    for i in range(n):
        p = make_partner(f"p{i}")
        entry_post(
            partner=p,
            activity="project",
            points=6000,
            occurred_at=datetime(2025, 1, 15, 12, tzinfo=UTC),
            source=Source.REPORTED,
            reason="Customer project",
            idempotency_key=f"p{i}",
        )
        partners.append(p)
    review_run(as_of=date(2025, 12, 1))
    return partners


@pytest.mark.django_db
def test_notices_are_unique_per_partner_kind_and_day(make_partner) -> None:
    acme = make_partner("acme")
    Notice.objects.create(partner=acme, kind="level_decreased", message="a", on=DROP_DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(partner=acme, kind="level_decreased", message="b", on=DROP_DAY)
    Notice.objects.create(partner=acme, kind="level_decreased", message="c", on=date(2026, 3, 1))
    Notice.objects.create(partner=acme, kind="logo", message="no day: not a review's notice")
    Notice.objects.create(partner=acme, kind="logo", message="no day, again")
    assert Notice.objects.count() == 4


@pytest.mark.django_db
def test_two_reviews_that_decided_before_either_wrote_give_one_set_of_notices(
    make_partner,
) -> None:
    # given partners whose level drops on DROP_DAY
    partners = _dropping(make_partner)
    edition = edition_at(DROP_DAY)
    lo, hi = partners[0].pk, partners[-1].pk + 1
    # when two reviews both read and decide before either writes (the race of the defect)
    first = services._prepare_chunk(edition, DROP_DAY, lo, hi, None, True, Evaluator(edition))
    second = services._prepare_chunk(edition, DROP_DAY, lo, hi, None, True, Evaluator(edition))
    assert len(first.notices) == len(second.notices) == 3
    services._write_chunk(first, DROP_DAY)
    services._write_chunk(second, DROP_DAY)
    # then there is one decision and one notice per partner
    assert TierDecision.objects.filter(as_of=DROP_DAY).count() == 3
    assert Notice.objects.filter(kind="level_decreased").count() == 3


@pytest.mark.django_db
def test_a_review_of_a_date_already_running_is_refused_and_writes_nothing(make_partner) -> None:
    # given a review of DROP_DAY in progress (it holds the day's lock)
    _dropping(make_partner)
    other = ReviewRun.objects.create(as_of=DROP_DAY, status=ReviewStatus.RUNNING)
    now = timezone.now()
    ReviewLock.objects.create(as_of=DROP_DAY, run=other, started_at=now, beat_at=now)
    # when another review of the same date starts
    run = ReviewRun.objects.create(as_of=DROP_DAY)
    with pytest.raises(ReviewAlreadyRunning) as refused:
        review_run(as_of=DROP_DAY, run=run)
    # then it is refused, says so, and writes nothing
    assert refused.value.field == "as_of" and "already running" in refused.value.message
    assert ReviewRun.objects.get(pk=run.pk).status == ReviewStatus.FAILED
    assert not TierDecision.objects.filter(as_of=DROP_DAY).exists()
    assert not Notice.objects.exists()
    # a dry run and another date are not held up
    assert review_run(as_of=DROP_DAY, dry_run=True).down == 3
    assert review_run(as_of=date(2026, 1, 1)).total == 3


@pytest.mark.django_db
def test_a_stale_lock_of_a_crashed_review_is_taken_over(make_partner) -> None:
    _dropping(make_partner)
    long_ago = timezone.now() - timedelta(hours=2)
    ReviewLock.objects.create(as_of=DROP_DAY, started_at=long_ago, beat_at=long_ago)
    assert review_run(as_of=DROP_DAY).down == 3
    assert not ReviewLock.objects.exists()  # released when done
    assert Notice.objects.filter(kind="level_decreased", on=DROP_DAY).count() == 3


@pytest.mark.django_db
def test_queueing_a_review_already_running_or_done_is_refused(make_partner) -> None:
    _dropping(make_partner)
    queued = review_start(as_of=DROP_DAY)
    with pytest.raises(ReviewAlreadyRunning) as running:
        review_start(as_of=DROP_DAY)
    assert running.value.run == queued
    review_start(as_of=DROP_DAY, dry_run=True)  # a preview is always allowed
    review_run(as_of=DROP_DAY, run=queued)
    with pytest.raises(ReviewAlreadyDone) as done:
        review_start(as_of=DROP_DAY)
    assert done.value.run == queued
    assert ReviewRun.objects.filter(as_of=DROP_DAY, dry_run=False).count() == 1


@pytest.fixture
def staff(db) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(
        with_roles(User.objects.create_user("s@7x.test", "s@7x.test", None, is_staff=True))
    )
    return client


@pytest.mark.django_db
def test_back_office_run_for_a_date_running_or_done_says_so(make_partner, staff) -> None:
    _dropping(make_partner)
    first = staff.post("/backoffice/review/run/", {"as_of": DROP_DAY.isoformat()})
    assert first.status_code == 302
    run = ReviewRun.objects.get(as_of=DROP_DAY)
    again = staff.post("/backoffice/review/run/", {"as_of": DROP_DAY.isoformat()}, follow=True)
    assert b"A review for 1 February 2026 is already running (started" in again.content
    assert again.redirect_chain[-1][0] == f"/backoffice/review/runs/{run.pk}/"
    review_run(as_of=DROP_DAY, run=run)
    done = staff.post("/backoffice/review/run/", {"as_of": DROP_DAY.isoformat()}, follow=True)
    assert b"A review for 1 February 2026 is already done" in done.content
    assert done.redirect_chain[-1][0] == f"/backoffice/review/runs/{run.pk}/"  # its result
    assert ReviewRun.objects.filter(as_of=DROP_DAY).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_reviews_of_the_same_date_give_one_set_of_notices(make_partner) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite again on PostgreSQL)")
    _dropping(make_partner, n=40)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def one() -> None:
        try:
            barrier.wait()
            review_run(as_of=DROP_DAY, chunk=5)
            outcomes.append("ran")
        except ReviewAlreadyRunning:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ran" in outcomes and len(outcomes) == 2
    assert TierDecision.objects.filter(as_of=DROP_DAY).count() == 40
    assert Notice.objects.filter(kind="level_decreased").count() == 40


@pytest.mark.django_db
def test_the_review_command_says_a_date_is_already_running(make_partner) -> None:
    from django.core.management import CommandError, call_command

    _dropping(make_partner, n=1)
    now = timezone.now()
    ReviewLock.objects.create(as_of=DROP_DAY, started_at=now, beat_at=now)
    with pytest.raises(CommandError, match="already running"):
        call_command("review", "--as-of", DROP_DAY.isoformat())
    with pytest.raises(CommandError, match="already running"):
        call_command("review", "--as-of", DROP_DAY.isoformat(), "--background")
