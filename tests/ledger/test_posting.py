"""Posting and reversing: idempotency, caps, minimums, rollups; a refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction

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
from partnercenter.ledger.services import entry_post, entry_reverse, rollups_rebuild
from partnercenter.partners.models import Person
from partnercenter.partners.services import certification_record

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def post(partner, key: str = "k1", activity: str = "article", **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("occurred_at", at(2025, 6, 1))
    kw.setdefault("source", Source.REPORTED)
    kw.setdefault("reason", "Article on the blog")
    return entry_post(partner=partner, activity=activity, idempotency_key=key, **kw)


def rollup(partner, month: date) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    row = MonthlyRollup.objects.filter(partner=partner, month=month).first()
    return (row.points, row.revenue_cents) if row else (0, 0)


def test_post_uses_catalogue_points_and_keeps_rollup(make_partner) -> None:
    partner = make_partner()
    result = post(partner)
    assert result.created and result.entry.points == 500
    assert result.entry.edition_id == "2025-01-01"
    assert rollup(partner, date(2025, 6, 1)) == (500, 0)


def test_same_key_same_content_posts_once(make_partner) -> None:
    partner = make_partner()
    first = post(partner)
    again = post(partner)
    assert not again.created and again.entry.pk == first.entry.pk
    assert Entry.objects.count() == 1
    assert rollup(partner, date(2025, 6, 1)) == (500, 0)


def test_same_key_other_content_is_refused(make_partner) -> None:
    partner = make_partner()
    post(partner)
    with pytest.raises(IdempotencyConflict, match="k1"):
        post(partner, activity="tutorial")
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"activity": "juggling"}, UnknownActivity, "juggling"),
        ({"activity": "project", "points": 1999}, InvalidPoints, "at least 2,000"),
        ({"activity": "article", "points": 800}, InvalidPoints, "exactly 500"),
        ({"activity": "event_participation"}, PersonRequired, "per person"),
        ({"reason": "  "}, InvalidEntry, "reason"),
        ({"occurred_at": datetime(2025, 6, 1)}, InvalidEntry, "timezone"),
        ({"activity": "adjustment", "points": 10}, InvalidEntry, "adjustment"),
    ],
)
def test_refusals_name_the_rule_and_change_nothing(make_partner, kwargs, error, words) -> None:
    partner = make_partner()
    with pytest.raises(error, match=words):
        post(partner, **kwargs)
    assert Entry.objects.count() == 0
    assert MonthlyRollup.objects.count() == 0


def test_minimum_activity_takes_staff_points(make_partner) -> None:
    partner = make_partner()
    assert post(partner, activity="project", points=7500).entry.points == 7500


def test_revenue_earns_a_point_per_whole_usd(make_partner) -> None:
    partner = make_partner()
    entry = post(partner, activity="revenue", revenue_cents=123_456, source=Source.MONITORED).entry
    assert (entry.points, entry.revenue_cents) == (1234, 123_456)
    assert rollup(partner, date(2025, 6, 1)) == (1234, 123_456)


def test_annual_participation_capped_per_year_and_three_in_all(make_partner) -> None:
    partner = make_partner()
    for year in (2025, 2026):
        post(partner, key=f"anniv{year}", activity="annual_participation",
             occurred_at=at(year, 3, 1), source=Source.SYSTEM)  # fmt: skip
    with pytest.raises(CapReached, match="1 per year"):
        post(partner, key="again", activity="annual_participation", occurred_at=at(2026, 9, 1),
             source=Source.SYSTEM)  # fmt: skip
    post(partner, key="anniv2027", activity="annual_participation", occurred_at=at(2027, 3, 1),
         source=Source.SYSTEM)  # fmt: skip
    with pytest.raises(CapReached, match="at most 3"):
        post(partner, key="fourth", activity="annual_participation", occurred_at=at(2028, 3, 1),
             source=Source.SYSTEM)  # fmt: skip
    assert Entry.objects.filter(activity="annual_participation").count() == 3


def test_monthly_share_information_once_a_month(make_partner) -> None:
    partner = make_partner()
    post(partner, key="a", activity="share_information", occurred_at=at(2025, 6, 1))
    with pytest.raises(CapReached, match="June 2025"):
        post(partner, key="b", activity="share_information", occurred_at=at(2025, 6, 20))
    post(partner, key="c", activity="share_information", occurred_at=at(2025, 7, 2))


def test_per_person_once_per_person_per_occasion(make_partner) -> None:
    partner = make_partner()
    ann = Person.objects.create(partner=partner, name="Ann", email="ann@x.test")
    bob = Person.objects.create(partner=partner, name="Bob", email="bob@x.test")
    post(partner, key="a", activity="event_participation", person=ann, occasion="Summit 2025")
    post(partner, key="b", activity="event_participation", person=bob, occasion="Summit 2025")
    with pytest.raises(CapReached, match="Ann"):
        post(partner, key="c", activity="event_participation", person=ann, occasion="Summit 2025")
    post(partner, key="d", activity="event_participation", person=ann, occasion="Meetup Oslo")
    assert Entry.objects.count() == 3


def test_reversal_negates_in_the_same_month_once(make_partner) -> None:
    partner = make_partner()
    entry = post(partner, activity="revenue", revenue_cents=50_000, source=Source.MONITORED).entry
    reversal = entry_reverse(entry=entry, reason="Order refunded").entry
    assert (reversal.points, reversal.revenue_cents, reversal.reverses_id) == (
        -500,
        -50_000,
        entry.pk,
    )
    assert rollup(partner, date(2025, 6, 1)) == (0, 0)
    assert not entry_reverse(entry=entry, reason="Order refunded").created
    with pytest.raises(AlreadyReversed):
        entry_reverse(entry=entry, reason="again", idempotency_key="other")
    with pytest.raises(InvalidEntry, match="cannot be reversed"):
        entry_reverse(entry=reversal, reason="undo")


def test_reversed_entry_frees_its_cap(make_partner) -> None:
    partner = make_partner()
    first = post(partner, key="a", activity="share_information")
    entry_reverse(entry=first.entry, reason="Posted for the wrong partner")
    post(partner, key="b", activity="share_information")


def test_certification_posts_its_points_once(make_partner) -> None:
    partner = make_partner()
    ann = Person.objects.create(partner=partner, name="Ann", email="ann@x.test")
    first = certification_record(person=ann, type="developer", earned_on=date(2025, 3, 1))
    second = certification_record(person=ann, type="sales", earned_on=date(2025, 3, 1))
    again = certification_record(person=ann, type="developer", earned_on=date(2025, 3, 1))
    assert first.entry.points == second.entry.points == 1000
    assert again.entry.pk == first.entry.pk and not again.created
    assert Entry.objects.count() == 2


def test_rollups_rebuild_matches_postings(make_partner) -> None:
    partner = make_partner()
    post(partner, key="a", occurred_at=at(2025, 1, 31))
    post(partner, key="b", activity="project", points=4000, occurred_at=at(2025, 2, 1))
    entry_reverse(entry=Entry.objects.get(idempotency_key="a"), reason="duplicate")
    before = sorted(MonthlyRollup.objects.values_list("partner_id", "month", "points"))
    rollups_rebuild()
    after = sorted(MonthlyRollup.objects.values_list("partner_id", "month", "points"))
    assert (
        before == after == [(partner.pk, date(2025, 1, 1), 0), (partner.pk, date(2025, 2, 1), 4000)]
    )


@pytest.mark.parametrize(
    "statement", ["UPDATE ledger_entry SET points = 1", "DELETE FROM ledger_entry"]
)
def test_database_refuses_update_and_delete(make_partner, statement: str) -> None:
    partner = make_partner()
    post(partner)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Entry.objects.get().points == 500


def test_orm_delete_is_refused_too(make_partner) -> None:
    partner = make_partner()
    entry = post(partner).entry
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).delete()
    assert Entry.objects.filter(pk=entry.pk).exists()
