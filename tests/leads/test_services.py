"""Leads: creation, routing (idempotent, explained), answers, expiry and refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from partnercenter.audit.models import AuditEvent
from partnercenter.leads import errors, services
from partnercenter.leads.jobs import leads_expire_job
from partnercenter.leads.models import Lead, LeadStatus, LeadStep, Outcome
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.leads.conftest import LEAD, person

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _snapshot() -> tuple[Any, ...]:
    return (
        list(Lead.objects.values().order_by("pk")),
        list(LeadStep.objects.values().order_by("pk")),
        Message.objects.count(),
    )


def _create(**over: Any) -> Lead:
    lead = services.lead_create(**{**LEAD, **over}, now=NOW)
    assert lead is not None
    return lead


def test_a_lead_goes_to_the_highest_priority_same_country_partner(
    hosting: Callable[..., Partner],
) -> None:
    # given gold in Germany, platinum in France, gold in Austria, a lapsed platinum in Germany
    gold_de = hosting("gold-de", "gold")
    hosting("plat-fr", "platinum", country="FR")
    hosting("gold-at", "gold", country="AT")
    hosting("lapsed-de", "platinum", status="lapsed")
    # when a customer in Germany asks for Hosting
    lead = _create()
    # then platinum (priority 1) comes first even abroad, with the reason
    assert lead.status == LeadStatus.OFFERED
    assert lead.partner is not None and lead.partner.slug == "plat-fr"
    step = lead.steps.get()
    assert step.explanation == "offered to Plat-Fr: priority 1, Hosting, other country (FR), 0 open"
    assert step.answer_by == NOW + timedelta(hours=48)
    mail = Message.objects.get(kind="lead_offered")
    assert mail.to_email == "admin@plat-fr.example"
    assert mail.subject == "A customer lead for Plat-Fr: Hosting in DE"
    assert "Budget:  USD 10,000 – 50,000" in mail.body_text
    assert "clara@kunde.example" not in mail.body_text  # the contact only after accepting
    # when platinum declines, gold in Germany (same country) is next, not gold in Austria
    lead = services.lead_decline(lead=lead, person=person(lead.partner), reason="Full", now=NOW)
    assert lead.partner == gold_de
    assert [s.explanation for s in lead.steps.order_by("seq")][1:] == [
        "skipped Plat-Fr: declined",
        "offered to Gold-De: priority 2, Hosting, same country (DE), 0 open",
    ]


def test_lapsed_suspended_terminated_and_applicants_are_never_offered(
    hosting: Callable[..., Partner],
) -> None:
    for status in ("lapsed", "suspended", "terminated", "applicant"):
        hosting(f"p-{status}", "platinum", status=status)
    hosting("student", "student")
    lead = _create()
    assert lead.status == LeadStatus.UNROUTED and lead.partner is None
    assert lead.steps.get().explanation.startswith("to 7x staff: no active Hosting partner")
    assert not Message.objects.filter(kind="lead_offered").exists()


def test_route_is_idempotent(hosting: Callable[..., Partner]) -> None:
    hosting("gold-de", "gold")
    lead = Lead.objects.create(**LEAD, source="staff")
    first = services.lead_route(lead=lead, now=NOW)
    again = services.lead_route(lead=lead, now=NOW + timedelta(hours=1))
    assert [s.pk for s in first.steps] == [s.pk for s in again.steps]
    assert LeadStep.objects.count() == 1
    assert Message.objects.filter(kind="lead_offered").count() == 1


def test_accept_won_and_customer_email(hosting: Callable[..., Partner]) -> None:
    p = hosting("gold-de", "gold")
    lead = _create()
    lead = services.lead_accept(lead=lead, person=person(p), now=NOW)
    assert lead.status == LeadStatus.ACCEPTED
    mail = Message.objects.get(kind="lead_accepted")
    assert mail.to_email == "clara@kunde.example" and "Gold-De" in mail.body_text
    lead = services.lead_won(lead=lead, person=person(p), deal_value_cents=1_250_000)
    assert (lead.status, lead.deal_value_cents) == (LeadStatus.WON, 1_250_000)


def test_expiry_forwards_to_the_next_partner(hosting: Callable[..., Partner]) -> None:
    first = hosting("plat-de", "platinum")
    second = hosting("gold-de", "gold")
    lead = _create()
    assert lead.partner == first
    assert services.leads_expire(now=NOW + timedelta(hours=47)) == 0
    assert services.leads_expire(now=NOW + timedelta(hours=48)) == 1
    lead.refresh_from_db()
    assert lead.partner == second and lead.status == LeadStatus.OFFERED
    step = lead.steps.filter(partner=first, kind="offer").get()
    assert step.outcome == Outcome.EXPIRED
    assert "skipped Plat-De: did not answer within 48 hours" in lead.steps.values_list(
        "explanation", flat=True
    )
    # and the scheduler job, run for a past day, forwards the rest and then nothing
    assert leads_expire_job((NOW + timedelta(days=5)).date()) == {"leads_forwarded": 1}
    lead.refresh_from_db()
    assert lead.status == LeadStatus.UNROUTED


def test_round_robin_inside_a_tie(hosting: Callable[..., Partner]) -> None:
    a = hosting("a-de", "gold")
    b = hosting("b-de", "gold")
    first = _create()
    services.lead_accept(lead=first, person=person(first.partner), now=NOW)
    services.lead_won(lead=first, person=person(first.partner), deal_value_cents=0)
    second = _create()
    assert {first.partner, second.partner} == {a, b}


def test_open_lead_cap_skips_a_partner(
    hosting: Callable[..., Partner], monkeypatch: pytest.MonkeyPatch
) -> None:
    full = hosting("full-de", "platinum")
    other = hosting("other-de", "gold")
    for _ in range(25):
        Lead.objects.create(**LEAD, source="staff", status=LeadStatus.ACCEPTED, partner=full)
    lead = _create()
    assert lead.partner == other
    assert lead.steps.first().explanation == "skipped Full-De: at cap 25"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("over", "error", "field"),
    [
        ({"profile": "plumbing"}, errors.UnknownProfile, "profile"),
        ({"country": "XX"}, errors.UnknownCountry, "country"),
        ({"contact_email": "not-an-email"}, errors.InvalidEmail, "contact_email"),
        ({"consent": False}, errors.NoConsent, "consent"),
        ({"budget_band": "a lot"}, errors.UnknownBudgetBand, "budget_band"),
        ({"need": "  "}, errors.InvalidField, "need"),
        ({"contact_name": ""}, errors.InvalidField, "contact_name"),
    ],
)
def test_bad_lead_is_refused_and_nothing_changes(
    hosting: Callable[..., Partner], over: dict[str, Any], error: type[Exception], field: str
) -> None:
    hosting("gold-de", "gold")
    before = _snapshot()
    with pytest.raises(error) as caught:
        _create(**over)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert _snapshot() == before


def test_refusals_of_answers_change_nothing(hosting: Callable[..., Partner]) -> None:
    mine = hosting("plat-de", "platinum")
    other = hosting("gold-de", "gold")
    lead = _create()
    before = _snapshot()
    with pytest.raises(errors.NotYourLead):
        services.lead_accept(lead=lead, person=person(other))
    with pytest.raises(errors.ReasonRequired):
        services.lead_decline(lead=lead, person=person(mine), reason=" ")
    with pytest.raises(errors.WrongState):
        services.lead_won(lead=lead, person=person(mine), deal_value_cents=100)
    with pytest.raises(errors.NegativeDealValue):
        services.lead_won(lead=lead, person=person(mine), deal_value_cents=-1)
    assert _snapshot() == before
    services.lead_accept(lead=lead, person=person(mine))
    services.lead_won(lead=lead, person=person(mine), deal_value_cents=100)
    before = _snapshot()
    with pytest.raises(errors.AlreadyWon):
        services.lead_won(lead=lead, person=person(mine), deal_value_cents=200)
    with pytest.raises(errors.WrongState):
        services.lead_lost(lead=lead, person=person(mine), reason="x")
    assert _snapshot() == before


def test_throttle_per_address(hosting: Callable[..., Partner], settings: Any) -> None:
    settings.PARTNERCENTER_LEADS_PER_HOUR = 2
    _create(ip="203.0.113.9")
    _create(ip="203.0.113.9")
    before = _snapshot()
    with pytest.raises(errors.TooManyLeads):
        _create(ip="203.0.113.9")
    assert _snapshot() == before
    _create(ip="203.0.113.10")  # another address is not limited


def test_honeypot_keeps_nothing(hosting: Callable[..., Partner]) -> None:
    assert services.lead_create(**LEAD, honeypot="http://spam") is None
    assert not Lead.objects.exists()


def test_share_and_pass_for_silver_and_up(
    hosting: Callable[..., Partner], django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    silver = hosting("silver-de", "silver")
    basic = hosting("basic-de", "basic")
    lead = _create(profile="it")  # no IT partner: with 7x
    assert lead.status == LeadStatus.UNROUTED
    before = _snapshot()
    with pytest.raises(errors.CannotShare):
        services.lead_share(lead=lead, partner=basic, staff=staff)
    assert _snapshot() == before
    lead = services.lead_share(lead=lead, partner=silver, staff=staff, now=NOW)
    assert (lead.status, lead.partner) == (LeadStatus.SHARED, silver)
    assert AuditEvent.objects.filter(action="lead.share").exists()
    lead = services.lead_pass_to_7x(lead=lead, person=person(silver), now=NOW)
    assert (lead.status, lead.partner) == (LeadStatus.UNROUTED, None)
    # a Basic partner may not pass a lead to 7x
    offered = _create()
    assert offered.partner == silver  # silver (3) before basic (4)
    services.lead_decline(lead=offered, person=person(silver), reason="busy")
    offered.refresh_from_db()
    assert offered.partner == basic
    before = _snapshot()
    with pytest.raises(errors.CannotShare):
        services.lead_pass_to_7x(lead=offered, person=person(basic))
    assert _snapshot() == before


def test_staff_reroute_after_a_partner_joins(
    hosting: Callable[..., Partner], django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    lead = _create()
    assert lead.status == LeadStatus.UNROUTED
    p = hosting("new-de", "gold")
    result = services.lead_reroute(lead=lead, staff=staff, now=NOW)
    assert result.lead.partner == p
    assert AuditEvent.objects.filter(action="lead.reroute").exists()
    with pytest.raises(errors.WrongState):
        services.lead_reroute(lead=lead, staff=staff)


def test_open_leads_are_counted_once_however_many_steps(hosting: Callable[..., Partner]) -> None:
    # given a partner holding two accepted leads, each reached after a decline (many steps)
    a = hosting("a-de", "platinum")
    b = hosting("b-de", "platinum")
    for _ in range(2):
        lead = _create()
        if lead.partner == a:
            lead = services.lead_decline(lead=lead, person=person(a), reason="No", now=NOW)
        services.lead_accept(lead=lead, person=person(b), now=NOW)
    # when a third lead comes, b's explanation counts its 2 open leads (a has 0: a is offered)
    third = _create()
    assert third.partner == a
    assert third.steps.get().explanation.endswith("same country (DE), 0 open")
    services.lead_decline(lead=third, person=person(a), reason="No", now=NOW)
    last = third.steps.order_by("-seq").first()
    assert last is not None and last.explanation.endswith("same country (DE), 2 open")


def test_an_offer_to_a_partner_that_lapses_is_withdrawn_and_forwarded(
    hosting: Callable[..., Partner],
) -> None:
    first = hosting("plat-de", "platinum")
    second = hosting("gold-de", "gold")
    lead = _create()
    assert lead.partner == first
    Partner.objects.filter(pk=first.pk).update(status="lapsed")
    before = _snapshot()
    with pytest.raises(errors.WrongState, match="active members only"):
        services.lead_accept(lead=lead, person=person(first), now=NOW)
    assert _snapshot() == before
    assert services.leads_expire(now=NOW + timedelta(hours=1)) == 1
    lead.refresh_from_db()
    assert lead.partner == second
    offer = lead.steps.get(partner=first)
    assert (offer.outcome, offer.reason) == (Outcome.WITHDRAWN, "membership lapsed")
