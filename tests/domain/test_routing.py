"""Routing a lead: tables of the order and skips, and properties over random partner sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercenter.domain.program import Edition, Leads
from partnercenter.domain.routing import (
    Candidate,
    LeadAsk,
    Passed,
    StepKind,
    eligible,
    order,
    route,
)

PRIORITY = {"starter": 5, "basic": 4, "professional": 3, "silver": 3, "gold": 2, "platinum": 1}
RULES = Leads(answer_hours=48, open_lead_cap=25)
DE_HOSTING = LeadAsk(profile="hosting", country="DE")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def cand(
    id: int,
    level: str | None = "gold",
    *,
    country: str = "DE",
    profile: str = "hosting",
    open_leads: int = 0,
    active: bool = True,
    passed: Passed = Passed.NO,
    last: datetime | None = None,
) -> Candidate:
    return Candidate(
        id=id,
        name=f"P{id}",
        profile=profile,
        country=country,
        level=level,
        active=active,
        open_leads=open_leads,
        passed=passed,
        last_offered_at=last,
    )


def test_the_shipped_edition_gives_student_no_lead_priority(edition: Edition) -> None:
    assert "student" not in edition.lead_priority
    assert edition.lead_priority["platinum"] == 1


@pytest.mark.parametrize(
    ("candidates", "offered"),
    [
        # priority first: platinum (1) beats gold (2) even abroad
        ([cand(1, "gold"), cand(2, "platinum", country="FR")], 2),
        # same priority: same country first
        ([cand(1, "gold", country="FR"), cand(2, "gold")], 2),
        # same priority and country: fewest open leads
        ([cand(1, open_leads=3), cand(2, open_leads=1)], 2),
        # full tie: never offered before the recently offered (round-robin)
        ([cand(1, last=T0), cand(2)], 2),
        # full tie: the least recently offered
        ([cand(1, last=T0 + timedelta(hours=1)), cand(2, last=T0)], 2),
        # full tie, never offered: lowest id
        ([cand(2), cand(1)], 1),
    ],
)
def test_serving_order(candidates: list[Candidate], offered: int) -> None:
    assert route(DE_HOSTING, candidates, PRIORITY, RULES).offered_to == offered


@pytest.mark.parametrize(
    ("candidate", "why"),
    [
        (cand(1, active=False), "inactive"),
        (cand(1, profile="it"), "other profile"),
        (cand(1, level="student"), "no lead priority"),
        (cand(1, level=None), "no level"),
    ],
)
def test_ineligible_partners_are_never_offered(candidate: Candidate, why: str) -> None:
    routing = route(DE_HOSTING, [candidate], PRIORITY, RULES)
    assert routing.offered_to is None, why
    assert routing.steps[-1].kind == StepKind.UNROUTED


def test_explanations_name_priority_profile_country_and_open_leads() -> None:
    routing = route(
        DE_HOSTING,
        [
            cand(1, "platinum", passed=Passed.DECLINED),
            cand(2, "platinum", open_leads=25),
            cand(3, "gold", open_leads=3),
            cand(4, "platinum", passed=Passed.EXPIRED, country="AT"),
        ],
        PRIORITY,
        RULES,
        profile_name="Hosting",
    )
    assert [s.explanation for s in routing.steps] == [
        "skipped P1: declined",
        "skipped P2: at cap 25",
        "skipped P4: did not answer within 48 hours",
        "offered to P3: priority 2, Hosting, same country (DE), 3 open",
    ]
    assert routing.offered_to == 3


@pytest.mark.parametrize(
    ("candidates", "reason"),
    [
        ([], "to 7x staff: no partner with the hosting profile"),
        ([cand(1, active=False)], "to 7x staff: no active hosting partner at a level"),
        ([cand(1, passed=Passed.DECLINED)], "to 7x staff: every eligible hosting partner"),
    ],
)
def test_no_eligible_partner_goes_to_staff_with_the_reason(
    candidates: list[Candidate], reason: str
) -> None:
    routing = route(DE_HOSTING, candidates, PRIORITY, RULES)
    assert routing.offered_to is None
    assert routing.steps[-1].kind == StepKind.UNROUTED
    assert routing.steps[-1].explanation.startswith(reason)


# ------------------------------------------------------------------ properties

candidates_st = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        name=st.sampled_from(["A", "B", "C"]),
        profile=st.sampled_from(["it", "hosting"]),
        country=st.sampled_from(["DE", "FR"]),
        level=st.sampled_from([None, "student", *PRIORITY]),
        active=st.booleans(),
        open_leads=st.integers(0, 30),
        passed=st.sampled_from(list(Passed)),
        last_offered_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)
asks_st = st.builds(LeadAsk, profile=st.sampled_from(["it", "hosting"]), country=st.just("DE"))


@settings(max_examples=300)
@given(ask=asks_st, candidates=candidates_st)
def test_every_routed_lead_goes_to_an_eligible_partner_not_declined_nor_at_cap(
    ask: LeadAsk, candidates: list[Candidate]
) -> None:
    routing = route(ask, candidates, PRIORITY, RULES)
    by_id = {c.id: c for c in candidates}
    assert sum(s.kind != StepKind.SKIP for s in routing.steps) == 1  # exactly one outcome
    if routing.offered_to is not None:
        chosen = by_id[routing.offered_to]
        assert eligible(chosen, ask, PRIORITY)
        assert chosen.passed == Passed.NO
        assert chosen.open_leads < RULES.open_lead_cap


@settings(max_examples=300)
@given(ask=asks_st, candidates=candidates_st)
def test_offers_respect_priority_order(ask: LeadAsk, candidates: list[Candidate]) -> None:
    routing = route(ask, candidates, PRIORITY, RULES)
    if routing.offered_to is None:
        return
    chosen = next(c for c in candidates if c.id == routing.offered_to)
    assert chosen.level is not None
    for c in candidates:
        offerable = eligible(c, ask, PRIORITY) and c.passed == Passed.NO
        if offerable and c.open_leads < RULES.open_lead_cap:
            assert c.level is not None
            assert PRIORITY[chosen.level] <= PRIORITY[c.level]
    priorities = [s.priority for s in routing.steps]
    assert priorities == sorted(priorities, key=lambda p: p or 0)


@settings(max_examples=300)
@given(ask=asks_st, candidates=candidates_st)
def test_without_an_offerable_partner_the_lead_goes_to_staff(
    ask: LeadAsk, candidates: list[Candidate]
) -> None:
    offerable = [
        c
        for c in candidates
        if eligible(c, ask, PRIORITY)
        and c.passed == Passed.NO
        and c.open_leads < RULES.open_lead_cap
    ]
    routing = route(ask, candidates, PRIORITY, RULES)
    if offerable:
        assert routing.offered_to is not None
    else:
        assert routing.steps[-1].kind == StepKind.UNROUTED
        assert routing.steps[-1].explanation.startswith("to 7x staff:")
    skipped = {s.partner_id for s in routing.steps if s.kind == StepKind.SKIP}
    assert routing.offered_to not in skipped


@given(candidates=candidates_st)
def test_order_is_deterministic(candidates: list[Candidate]) -> None:
    assert order(candidates, DE_HOSTING, PRIORITY) == order(
        list(reversed(candidates)), DE_HOSTING, PRIORITY
    )
