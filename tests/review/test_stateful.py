"""A hypothesis state machine over the ledger and the review.

Rules post, reverse, replay keys, certify and review on random dates; after
every step the stored rollups equal Σ entries, keys are unique, and every
stored decision equals the pure evaluation of facts computed from the entries.
`make test` runs a few dozen sequences; `make test-slow` runs 1,000.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from partnercenter.domain.evaluate import evaluate
from partnercenter.domain.requirements import Facts
from partnercenter.domain.windows import EntryLike, totals_in_window
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Entry, MonthlyRollup, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.partners.models import Certification, Partner, Person
from partnercenter.partners.services import certification_record, partner_create
from partnercenter.programs.selectors import edition_at
from partnercenter.review.explanation import missing_of
from partnercenter.review.models import TierDecision
from partnercenter.review.services import review_run

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
ACTIVITIES = st.sampled_from(
    ["article", "project", "premium_project", "share_information", "forum_post", "revenue",
     "annual_participation", "event_participation"]
)  # fmt: skip


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.edition = edition_at(date(2025, 1, 1))
        self.partners = [
            partner_create(
                name=f"P{i}",
                slug=f"p{i}",
                profile="it",
                partner_since=date(2024, 1, 1),
                student=i == 1,
            )  # fmt: skip
            for i in range(2)
        ]
        self.people = [
            Person.objects.create(partner=p, name=f"Person {p.pk}-{j}", email=f"{j}@{p.slug}.test")
            for p in self.partners
            for j in range(2)
        ]
        self.keys: dict[str, tuple[object, ...]] = {}

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    @rule(
        partner=st.integers(0, 1), activity=ACTIVITIES, day=DAYS, extra=st.integers(0, 4000),
        key=st.integers(0, 30), dollars=st.integers(0, 3000), person=st.integers(0, 1),
    )  # fmt: skip
    def post(self, partner, activity, day, extra, key, dollars, person) -> None:  # type: ignore[no-untyped-def]
        p = self.partners[partner]
        rule_ = self.edition.activity(activity)
        args = {
            "partner": p,
            "activity": activity,
            "occurred_at": datetime.combine(day, time(9), tzinfo=UTC),
            "source": Source.REPORTED,
            "reason": "state machine",
            "idempotency_key": f"k{key}",
            "points": rule_.points + extra if rule_.minimum else None,
            "revenue_cents": dollars * 100 + 7 if activity == "revenue" else 0,
            "person": self.people[partner * 2 + person] if rule_.per.value == "person" else None,
        }
        before = Entry.objects.count()
        try:
            result = entry_post(**args)  # type: ignore[arg-type]
        except LedgerError:
            assert Entry.objects.count() == before
            return
        assert Entry.objects.count() == before + (1 if result.created else 0)
        if not result.created:
            assert result.entry.idempotency_key == f"k{key}"

    @rule(index=st.integers(0, 50))
    def reverse(self, index: int) -> None:
        entries = list(Entry.objects.filter(reverses__isnull=True).order_by("id"))
        if not entries:
            return
        entry = entries[index % len(entries)]
        before = Entry.objects.count()
        try:
            result = entry_reverse(entry=entry, reason="state machine reversal")
        except LedgerError:
            assert Entry.objects.count() == before
            return
        assert result.entry.points == -entry.points

    @rule(index=st.integers(0, 50))
    def replay(self, index: int) -> None:
        entries = list(Entry.objects.filter(reverses__isnull=True).order_by("id"))
        if not entries:
            return
        e = entries[index % len(entries)]
        before = Entry.objects.count()
        result = entry_post(
            partner=e.partner, activity=e.activity, occurred_at=e.occurred_at, source=e.source,
            reason=e.reason, idempotency_key=e.idempotency_key, points=e.points,
            revenue_cents=e.revenue_cents, person=e.person, occasion=e.occasion,
        )  # fmt: skip
        assert not result.created and result.entry.pk == e.pk
        assert Entry.objects.count() == before

    @rule(person=st.integers(0, 3), kind=st.sampled_from(["developer", "wcms", "sales"]), day=DAYS)
    def certify(self, person: int, kind: str, day: date) -> None:
        before = (Entry.objects.count(), Certification.objects.count())
        try:
            certification_record(person=self.people[person], type=kind, earned_on=day)
        except LedgerError:  # a date in the future, say: refused, and nothing written
            assert (Entry.objects.count(), Certification.objects.count()) == before

    @rule(day=DAYS)
    def review(self, day: date) -> None:
        before = {d.partner_id: d for d in TierDecision.objects.filter(as_of=day)}
        review_run(as_of=day)
        for partner in self.partners:
            decision = TierDecision.objects.get(partner=partner, as_of=day)
            if partner.pk in before:
                # A second review of the same date keeps the first decision untouched.
                old = before[partner.pk]
                assert (decision.pk, decision.facts, decision.level) == (
                    old.pk,
                    old.facts,
                    old.level,
                )
                continue
            facts = self._pure_facts(partner, day)
            assert Facts.from_dict(decision.facts) == facts
            pure = evaluate(facts, edition_at(day))
            assert decision.level == (pure.level or "")
            assert decision.next_level == (pure.next_level or "")
            assert missing_of(decision) == [[c.kind, c.needed, c.has] for c in pure.missing]

    def _pure_facts(self, partner: Partner, day: date) -> Facts:
        entries = [
            EntryLike(e.occurred_at.astimezone(UTC).date(), e.points, e.revenue_cents)
            for e in Entry.objects.filter(partner=partner)
        ]
        totals = totals_in_window(entries, day, self.edition.window_months)
        held = {
            (c.person_id, c.type, c.kind)
            for c in Certification.objects.filter(partner=partner, earned_on__lt=day)
            if c.expires_on is None or c.expires_on > day
        }
        return Facts(
            points=totals.points,
            revenue_cents=totals.revenue_cents,
            profile_certifications=sum(1 for *_, k in held if k == "profile"),
            sales_certifications=sum(1 for *_, k in held if k == "sales"),
            student=partner.student,
            paid_plan=False,
        )

    @invariant()
    def rollups_equal_entries(self) -> None:
        sums: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
        for pid, occurred, points, revenue in Entry.objects.values_list(
            "partner_id", "occurred_at", "points", "revenue_cents"
        ):
            bucket = sums[(pid, occurred.astimezone(UTC).date().replace(day=1))]
            bucket[0] += points
            bucket[1] += revenue
        stored = {
            (r.partner_id, r.month): [r.points, r.revenue_cents]
            for r in MonthlyRollup.objects.all()
        }
        assert {k: v for k, v in stored.items() if v != [0, 0]} == {
            k: v for k, v in sums.items() if v != [0, 0]
        }

    @invariant()
    def keys_unique(self) -> None:
        keys = list(Entry.objects.values_list("idempotency_key", flat=True))
        assert len(keys) == len(set(keys))


def _run(examples: int) -> None:
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.mark.django_db
def test_ledger_state_machine(edition) -> None:  # type: ignore[no-untyped-def]
    _run(10)


@pytest.mark.slow
@pytest.mark.django_db
def test_ledger_state_machine_thousand_sequences(edition) -> None:  # type: ignore[no-untyped-def]
    _run(1000)
