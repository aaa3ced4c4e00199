"""Issue 14: on PostgreSQL the database decides each chunk from its buckets (`review.setwise`);
it writes what the row-by-row review writes. And a decision's shape, filled in with its facts,
is the explanation the evaluator gives (both databases)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError

from partnercenter.domain.fast import Evaluator
from partnercenter.domain.requirements import Facts
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import (
    CertificationRevocation,
    Notice,
    Partner,
    PartnerStatus,
    Person,
)
from partnercenter.partners.services import certification_record
from partnercenter.programs.selectors import edition_at
from partnercenter.review import services, setwise
from partnercenter.review.explanation import explanation_of, missing_of
from partnercenter.review.models import DecisionShape, TierDecision
from partnercenter.review.services import partner_retier, review_run

pytestmark = pytest.mark.django_db

BEFORE = date(2025, 11, 1)
COLUMNS = (
    "partner__slug", "as_of", "edition_id", "facts", "level", "previous_level", "direction",
    "changed", "next_level", "shape__digest", "logo_deadline", "run_id",
)  # fmt: skip


def _world(make_partner: Any) -> None:
    """Partners across every bucket the rules have: points and revenue at and around each
    threshold, certifications (valid, expired, revoked, renewed), students, paid plans
    (current and lapsed), a lapsed partner; reviewed once, so some levels drop later."""
    for i in range(24):
        p = make_partner(
            f"p{i:02d}", student=i % 6 == 0,
            plan="starter" if i % 4 == 1 else "",
        )  # fmt: skip
        if i % 4 == 1:
            paid = date(2026, 6, 30) if i % 8 == 1 else date(2025, 10, 31)
            Partner.objects.filter(pk=p.pk).update(plan_paid_until=paid)
        if i == 23:
            Partner.objects.filter(pk=p.pk).update(status=PartnerStatus.LAPSED)
        points = [0, 4999, 5000, 5001, 20000, 45000, 80000, 150000][i % 8] + 17 * i
        # From November 2024 on: some months leave the window by the later reviews.
        when = datetime(2024 + (10 + i % 14) // 12, 1 + (10 + i % 14) % 12, 16, 12, tzinfo=UTC)
        if points >= 2000:
            entry_post(
                partner=p, activity="project", points=points, occurred_at=when,
                source=Source.REPORTED, reason="Customer project", idempotency_key=f"k{i}",
            )  # fmt: skip
        if i % 5 and i % 3:
            entry_post(
                partner=p, activity="revenue", revenue_cents=250_000 * (i % 5) * (i % 3),
                occurred_at=when, source=Source.REPORTED, reason="Licence sold",
                idempotency_key=f"r{i}",
            )  # fmt: skip
        for j in range(i % 4):
            person = Person.objects.create(partner=p, name=f"P{i}-{j}", email=f"p{i}-{j}@x.test")
            kind = ["developer", "sales", "wcms", "solution"][(i + j) % 4]
            expires = date(2025, 12, 1) if (i + j) % 5 == 0 else None
            cert = certification_record(
                person=person, type=kind, earned_on=date(2025, 1, 10), expires_on=expires
            )
            if (i + j) % 7 == 0:
                CertificationRevocation.objects.create(
                    certification=cert.certification,
                    revoked_on=date(2025, 11, 20),
                    reason="Withdrawn",
                )
            if j == 2:  # renewed: the same person and type counts once
                certification_record(person=person, type=kind, earned_on=date(2025, 6, 10))
    # On the reviews' own days: earned on the day does not count yet; expiring on it, no more.
    edge = Person.objects.create(
        partner=Partner.objects.get(slug="p05"), name="E", email="e@x.test"
    )
    certification_record(person=edge, type="developer", earned_on=date(2026, 1, 1))
    certification_record(
        person=edge, type="sales", earned_on=date(2025, 3, 1), expires_on=date(2026, 2, 17)
    )
    review_run(as_of=BEFORE)


def _state(as_of: date) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    decisions = TierDecision.objects.filter(as_of=as_of).select_related("shape")
    return (
        list(decisions.order_by("partner__slug").values_list(*COLUMNS)),
        [explanation_of(d) for d in decisions.order_by("partner__slug")],
        list(Notice.objects.order_by("partner__slug").values_list("partner__slug", "kind", "message", "due_on", "on")),
        list(Partner.objects.order_by("slug").values_list("slug", "current_level")),
    )  # fmt: skip


@pytest.mark.parametrize("as_of", [date(2026, 1, 1), date(2026, 2, 17)])
def test_the_database_writes_what_the_row_by_row_review_writes(
    make_partner, monkeypatch, as_of: date
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database decides chunks on PostgreSQL only")
    # Given partners in every bucket, and what the row-by-row review writes (rolled back)
    _world(make_partner)
    with transaction.atomic(), monkeypatch.context() as m:
        m.setattr(setwise, "available", lambda evaluator: False)
        expected = review_run(as_of=as_of, chunk=5)
        expected_state = _state(as_of)
        transaction.set_rollback(True)
    assert expected.up and expected.down and expected.same, "the world moves both ways"
    # When the database decides the chunks (mid-month: the edge months come from entries)
    result = review_run(as_of=as_of, chunk=5)
    # Then it writes the same decisions, explanations, notices and cached levels
    assert _state(as_of) == expected_state
    assert (result.total, result.up, result.down, result.same, result.written) == (
        expected.total, expected.up, expected.down, expected.same, expected.written,
    )  # fmt: skip
    assert sorted(result.changes, key=lambda c: c.partner_id) == sorted(
        expected.changes, key=lambda c: c.partner_id
    )


def test_a_shape_filled_in_with_the_facts_is_the_evaluators_explanation(make_partner) -> None:
    # Given a review of partners in every bucket
    _world(make_partner)
    as_of = date(2026, 1, 1)
    review_run(as_of=as_of)
    evaluator = Evaluator(edition_at(as_of))
    decisions = TierDecision.objects.filter(as_of=as_of).select_related("shape")
    # Then each decision stores no explanation of its own, and its shape filled in with its
    # facts is what the evaluator says of those facts
    assert decisions.count() == 24
    for d in decisions:
        assert d.explanation is None and d.missing is None and d.shape is not None
        told = evaluator.decide(Facts.from_dict(d.facts))
        assert explanation_of(d) == json.loads(told.explanation_json)
        assert missing_of(d) == told.missing
    # And the buckets share their shapes: fewer shapes than decisions, each stored once
    assert DecisionShape.objects.count() < 24
    review_run(as_of=date(2026, 2, 1))
    assert (
        DecisionShape.objects.values("digest").distinct().count() == DecisionShape.objects.count()
    )


def test_a_decision_written_before_shapes_keeps_its_own_explanation(make_partner) -> None:
    # Given a decision spelled out in full, as written before shapes were stored apart
    acme = make_partner("acme")
    d = TierDecision.objects.create(
        partner=acme, as_of=BEFORE, edition_id="2025-01-01", facts={"points": 1},
        level="", direction="same", explanation=[["gold", False, [["points", 5, 1, False]]]],
        missing=[["points", 5, 1]],
    )  # fmt: skip
    # Then it is read as written
    assert explanation_of(d) == [["gold", False, [["points", 5, 1, False]]]]
    assert missing_of(d) == [["points", 5, 1]]


def test_a_decision_written_meanwhile_sends_its_chunk_row_by_row(make_partner, monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database decides chunks on PostgreSQL only")
    # Given partners in every bucket, and what a review of them writes (rolled back)
    _world(make_partner)
    as_of = date(2026, 1, 1)
    with transaction.atomic():
        review_run(as_of=as_of, chunk=5)
        expected_state = _state(as_of)
        transaction.set_rollback(True)
    # When one partner of the second chunk is re-tiered on the date after the review started
    late = Partner.objects.order_by("id")[7]
    in_database = services._decide_in_database

    def retier_first(evaluator: Any, day: date, lo: int, hi: int, *args: Any) -> Any:
        if lo <= late.pk < hi:
            partner_retier(partner=late, as_of=day)
        return in_database(evaluator, day, lo, hi, *args)

    monkeypatch.setattr(services, "_decide_in_database", retier_first)
    result = review_run(as_of=as_of, chunk=5)
    # Then that chunk goes row by row: every partner decided once, as without the re-tier
    assert result.total == 24 and result.written == 23
    assert _state(as_of) == expected_state


def test_a_partner_with_decisions_cannot_be_deleted(make_partner) -> None:
    # Given a reviewed partner (decisions have no database constraint on their partner)
    acme = make_partner("acme")
    review_run(as_of=BEFORE)
    # Then deleting it is refused, and its decision stays
    with pytest.raises(ProtectedError):
        acme.delete()
    assert TierDecision.objects.filter(partner=acme).exists()


def test_every_requirement_kind_has_its_column_in_the_database_path() -> None:
    # A new kind of requirement must say how the database reads its number (FACT_SQL), or
    # the review quietly goes row by row for every edition that uses it.
    from partnercenter.domain.requirements import REQUIREMENT_KINDS

    assert set(setwise.FACT_SQL) == set(REQUIREMENT_KINDS)
