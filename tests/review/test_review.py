"""The tier review: decisions, idempotence, decreases, replays and the window's edges."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command

from partnercenter.domain.evaluate import evaluate
from partnercenter.domain.requirements import Facts
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.partners.models import Notice, Partner, Person
from partnercenter.partners.services import certification_record
from partnercenter.programs.selectors import edition_at
from partnercenter.review.explanation import explanation_of, missing_of
from partnercenter.review.models import TierDecision
from partnercenter.review.selectors import partner_standing
from partnercenter.review.services import review_run

pytestmark = pytest.mark.django_db


def give(partner, points: int, when: datetime, key: str, recorded: datetime | None = None):  # type: ignore[no-untyped-def]
    return entry_post(
        partner=partner, activity="project", points=points, occurred_at=when,
        source=Source.REPORTED, reason="Customer project", idempotency_key=key,
        recorded_at=recorded,
    ).entry  # fmt: skip


def noon(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def test_review_writes_decisions_and_is_idempotent(make_partner) -> None:
    acme = make_partner("acme")
    make_partner("bare")
    give(acme, 5000, noon(2025, 6, 1), "p1")
    first = review_run(as_of=date(2025, 12, 1))
    assert (first.total, first.up, first.down, first.same) == (2, 1, 0, 1)
    assert [(c.slug, c.previous, c.level) for c in first.changes] == [("acme", "", "professional")]
    decision = TierDecision.objects.get(partner=acme)
    assert decision.level == "professional" and decision.edition_id == "2025-01-01"
    assert decision.facts["points"] == 5000 and decision.next_level == "silver"
    assert missing_of(decision)[0] == ["points", 20000, 5000]
    silver = next(lv for lv in explanation_of(decision) if lv[0] == "silver")
    assert silver[1] is False and ["points", 20000, 5000, False] in silver[2]
    acme.refresh_from_db()
    assert acme.current_level == "professional"
    again = review_run(as_of=date(2025, 12, 1))
    assert (again.up, again.down, again.same) == (1, 0, 1)
    assert TierDecision.objects.count() == 2


def test_dry_run_writes_nothing(make_partner) -> None:
    acme = make_partner("acme")
    give(acme, 5000, noon(2025, 6, 1), "p1")
    result = review_run(as_of=date(2025, 12, 1), dry_run=True)
    assert result.up == 1
    assert TierDecision.objects.count() == 0
    acme.refresh_from_db()
    assert acme.current_level == ""


def test_decrease_sets_logo_deadline_and_notice_and_drops_at_once(make_partner) -> None:
    acme = make_partner("acme")
    give(acme, 6000, noon(2025, 1, 15), "p1")
    review_run(as_of=date(2025, 12, 1))
    result = review_run(as_of=date(2026, 2, 1))
    assert result.down == 1
    decision = TierDecision.objects.get(partner=acme, as_of=date(2026, 2, 1))
    assert decision.direction == "down" and decision.previous_level == "professional"
    assert decision.logo_deadline == date(2026, 3, 3)
    notice = Notice.objects.get(partner=acme)
    assert notice.due_on == date(2026, 3, 3) and "03 March 2026" in notice.message
    acme.refresh_from_db()
    assert acme.current_level == ""


def test_reviewing_the_past_keeps_the_current_level(make_partner) -> None:
    acme = make_partner("acme")
    give(acme, 6000, noon(2025, 6, 15), "p1")
    review_run(as_of=date(2026, 1, 1))
    give(acme, 20000, noon(2025, 2, 1), "late")
    review_run(as_of=date(2025, 7, 1))
    acme.refresh_from_db()
    assert acme.current_level == "professional"
    assert TierDecision.objects.get(partner=acme, as_of=date(2025, 7, 1)).level == "professional"


@pytest.mark.parametrize(
    ("occurred", "as_of", "counts"),
    [
        (noon(2024, 12, 1), date(2025, 12, 1), True),  # exactly 12 months old
        (noon(2024, 11, 30), date(2025, 12, 1), False),  # one day older
        (noon(2025, 12, 1), date(2025, 12, 1), False),  # on the review day itself
        (noon(2025, 11, 30), date(2025, 12, 1), True),
        (noon(2023, 2, 28), date(2024, 2, 29), True),  # leap day: 29 Feb - 12 months = 28 Feb
        (noon(2023, 2, 27), date(2024, 2, 29), False),
        (noon(2024, 3, 17), date(2025, 3, 17), True),  # mid-month: edge months read from entries
        (noon(2024, 3, 16), date(2025, 3, 17), False),
        (noon(2025, 3, 16), date(2025, 3, 17), True),
        (noon(2025, 3, 17), date(2025, 3, 17), False),
    ],
)
def test_window_edges(make_partner, occurred: datetime, as_of: date, counts: bool) -> None:
    acme = make_partner("acme")
    give(acme, 5000, occurred, "p1")
    review_run(as_of=as_of)
    decision = TierDecision.objects.get(partner=acme)
    assert decision.facts["points"] == (5000 if counts else 0)
    assert partner_standing(acme, as_of).decision.facts.points == (5000 if counts else 0)


def test_time_zone_of_an_entry_is_utc(make_partner) -> None:
    acme = make_partner("acme")
    # 23:30 on 30 November in UTC-2 is 01:30 on 1 December UTC: outside the 1 December window.
    give(acme, 5000, datetime(2025, 11, 30, 23, 30, tzinfo=timezone(timedelta(hours=-2))), "p1")
    assert partner_standing(acme, date(2025, 12, 1)).decision.facts.points == 0
    assert partner_standing(acme, date(2025, 12, 2)).decision.facts.points == 5000


def test_decision_equals_the_pure_evaluation(make_partner) -> None:
    acme = make_partner("acme", student=True)
    ann = Person.objects.create(partner=acme, name="Ann", email="ann@x.test")
    certification_record(person=ann, type="developer", earned_on=date(2025, 2, 1))
    certification_record(person=ann, type="sales", earned_on=date(2025, 2, 1))
    give(acme, 18000, noon(2025, 5, 5), "p1")
    review_run(as_of=date(2025, 9, 17))
    stored = TierDecision.objects.get(partner=acme)
    facts = Facts.from_dict(stored.facts)
    assert facts == Facts(
        points=20000, profile_certifications=1, sales_certifications=1, student=True
    )
    pure = evaluate(facts, edition_at(date(2025, 9, 17)))
    assert stored.level == pure.level == "silver"
    assert missing_of(stored) == [[c.kind, c.needed, c.has] for c in pure.missing]


def test_expired_certification_stops_counting(make_partner) -> None:
    acme = make_partner("acme")
    ann = Person.objects.create(partner=acme, name="Ann", email="ann@x.test")
    certification_record(
        person=ann, type="developer", earned_on=date(2025, 1, 1), expires_on=date(2025, 12, 1)
    )
    assert partner_standing(acme, date(2025, 11, 30)).decision.facts.profile_certifications == 1
    assert partner_standing(acme, date(2025, 12, 1)).decision.facts.profile_certifications == 0


def test_explain_replays_what_was_known_then(make_partner) -> None:
    acme = make_partner("acme")
    give(acme, 5000, noon(2025, 2, 1), "early", recorded=noon(2025, 2, 2))
    give(acme, 16000, noon(2025, 2, 20), "late", recorded=noon(2025, 4, 10))
    then = partner_standing(acme, date(2025, 3, 1), with_late=False)
    now = partner_standing(acme, date(2025, 3, 1), with_late=True)
    assert then.decision.facts.points == 5000
    assert now.decision.facts.points == 21000


def test_reversed_points_do_not_count(make_partner) -> None:
    acme = make_partner("acme")
    entry = give(acme, 6000, noon(2025, 6, 1), "p1")
    entry_reverse(entry=entry, reason="claimed twice")
    assert review_run(as_of=date(2025, 9, 1)).up == 0


def test_inactive_partners_are_not_reviewed(make_partner) -> None:
    make_partner("acme", status="suspended")
    assert review_run(as_of=date(2025, 9, 1)).total == 0


def test_review_and_explain_commands(make_partner, capsys) -> None:
    acme = make_partner("acme")
    give(acme, 5000, noon(2025, 6, 1), "p1")
    call_command("review", "--as-of", "2025-12-01", "--dry-run")
    out = capsys.readouterr().out
    assert "dry run" in out and "1 up" in out and "acme" in out
    assert TierDecision.objects.count() == 0
    call_command("review", "--as-of", "2025-12-01")
    assert Partner.objects.get(slug="acme").current_level == "professional"
    out_json = io.StringIO()
    call_command(
        "explain", "acme", "--as-of", "2025-12-01", "--json", "--with-late", stdout=out_json
    )
    data = json.loads(out_json.getvalue())
    replay = io.StringIO()  # the entry was recorded today: on 1 December 2025 nobody knew it
    call_command("explain", "acme", "--as-of", "2025-12-01", "--json", stdout=replay)
    assert json.loads(replay.getvalue())["level"] is None
    assert data["level"] == "professional" and data["next_level"] == "silver"
    assert data["top_contributors"][0]["points"] == 5000


def test_anniversaries_earn_participation_points_at_most_three_times(make_partner) -> None:
    from partnercenter.ledger.models import Entry
    from partnercenter.partners.services import anniversaries_post

    acme = make_partner("acme", partner_since=date(2020, 5, 10))
    make_partner("young", partner_since=date(2025, 1, 1))
    assert anniversaries_post(as_of=date(2025, 6, 1)) == 3
    assert anniversaries_post(as_of=date(2026, 6, 1)) == 1
    assert anniversaries_post(as_of=date(2026, 6, 1)) == 0
    days = sorted(
        e.occurred_at.date()
        for e in Entry.objects.filter(activity="annual_participation", partner=acme)
    )
    assert days == [date(2021, 5, 10), date(2022, 5, 10), date(2023, 5, 10)]


def test_review_runs_as_a_background_job(make_partner, django_capture_on_commit_callbacks) -> None:
    from django_tasks_db.models import DBTaskResult

    from partnercenter.review.models import ReviewStatus
    from partnercenter.review.services import review_start
    from partnercenter.review.tasks import review_job

    acme = make_partner("acme")
    give(acme, 5000, noon(2025, 6, 1), "p1")
    with django_capture_on_commit_callbacks(execute=True):
        run = review_start(as_of=date(2025, 12, 1))
    assert DBTaskResult.objects.count() == 1  # queued for `partnercenter db_worker`
    assert review_job.call(run.pk) == {"up": 1, "down": 0, "same": 0}
    run.refresh_from_db()
    assert (run.status, run.total, run.processed, run.up) == (ReviewStatus.DONE, 1, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_review_in_chunks_covers_every_partner_once(edition) -> None:  # type: ignore[no-untyped-def]
    from partnercenter.partners.services import partner_create

    partners = [
        partner_create(name=f"P{i}", slug=f"p{i}", profile="it", partner_since=date(2024, 1, 1))
        for i in range(7)
    ]
    for i, partner in enumerate(partners):
        give(partner, 3000 + 1000 * i, noon(2025, 6, 1), f"k{i}")
    result = review_run(as_of=date(2025, 12, 1), chunk=2)  # four chunks, one transaction each
    assert (result.total, result.up, result.written) == (7, 7, 7)
    levels = dict(TierDecision.objects.values_list("partner__slug", "level"))
    assert levels == {
        "p0": "starter", "p1": "basic", "p2": "professional", "p3": "professional",
        "p4": "professional", "p5": "professional", "p6": "professional",
    }  # fmt: skip
    assert {p.current_level_as_of for p in Partner.objects.all()} == {date(2025, 12, 1)}


def test_a_large_review_takes_the_bulk_path(edition) -> None:  # type: ignore[no-untyped-def]
    Partner.objects.bulk_create(
        Partner(
            name=f"Bulk {i}", slug=f"bulk-{i}", profile="it", status="active", student=i % 2 == 0
        )
        for i in range(600)
    )
    result = review_run(as_of=date(2025, 12, 1))
    assert (result.total, result.up, result.written) == (600, 300, 600)
    assert TierDecision.objects.filter(level="student").count() == 300
    again = review_run(as_of=date(2025, 12, 1))
    assert (again.up, again.written) == (300, 0) and TierDecision.objects.count() == 600


def test_a_large_review_fills_in_around_decisions_already_written(edition) -> None:  # type: ignore[no-untyped-def]
    from partnercenter.review.services import partner_retier

    Partner.objects.bulk_create(
        Partner(name=f"Bulk {i}", slug=f"bulk-{i}", profile="it", status="active")
        for i in range(600)
    )
    partner_retier(partner=Partner.objects.get(slug="bulk-7"), as_of=date(2025, 12, 1))
    review_run(as_of=date(2025, 12, 1))
    assert TierDecision.objects.count() == 600


def test_window_totals_of_a_page_read_only_its_partners(make_partner) -> None:
    from partnercenter.review.selectors import window_totals

    a, b, c = make_partner("a"), make_partner("b"), make_partner("c")
    for i, partner in enumerate((a, b, c)):
        give(partner, 2000 + i, noon(2025, 6, 1), f"k{i}")
        give(partner, 2000, noon(2025, 11, 20), f"edge{i}")  # read from entries: partial month
    totals = window_totals(date(2025, 11, 25), 12, a.pk, c.pk + 1, [a.pk, c.pk])
    assert totals == {a.pk: (4000, 0), c.pk: (4002, 0)}
