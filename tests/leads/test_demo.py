"""The demo leads build on the demo partners and change nothing the second time."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.leads.demo import demo_leads
from partnercenter.leads.models import Lead, LeadStatus, LeadStep
from partnercenter.membership.demo import demo_membership
from partnercenter.partners.demo import demo_load


def test_demo_leads_are_idempotent_and_northwind_has_offered_and_won(
    edition: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # demo_load's pending submissions fail on main today (InvalidPeople, not leads): skip them.
    monkeypatch.setattr("partnercenter.partners.demo._pending_submissions", lambda today: None)
    today = date(2026, 11, 26)
    demo_load(today=today)
    demo_membership(today=today)
    demo_leads(today=today)
    northwind = set(
        Lead.objects.filter(partner__slug="northwind-digital").values_list("status", flat=True)
    )
    assert northwind == {LeadStatus.OFFERED, LeadStatus.WON}
    statuses = set(Lead.objects.values_list("status", flat=True))
    assert {LeadStatus.ACCEPTED, LeadStatus.LOST} <= statuses
    before = (list(Lead.objects.values()), LeadStep.objects.count())
    demo_leads(today=today)
    assert (list(Lead.objects.values()), LeadStep.objects.count()) == before
