"""`partnercenter leads route ID --json`: routes once, then prints the same steps."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnercenter.leads.models import Lead, LeadStep
from partnercenter.partners.models import Partner
from tests.leads.conftest import LEAD


def _run(*args: str) -> str:
    out = StringIO()
    call_command("leads", *args, stdout=out)
    return out.getvalue()


def test_route_prints_every_step_and_is_idempotent(hosting: Callable[..., Partner]) -> None:
    hosting("gold-de", "gold")
    lead = Lead.objects.create(**LEAD, source="staff")
    first = json.loads(_run("route", str(lead.pk), "--json"))
    assert first["status"] == "offered" and first["partner"] == "gold-de"
    assert first["steps"][0]["explanation"] == (
        "offered to Gold-De: priority 2, Hosting, same country (DE), 0 open"
    )
    assert json.loads(_run("route", str(lead.pk), "--json")) == first
    assert LeadStep.objects.count() == 1
    assert "1. offered to Gold-De" in _run("route", str(lead.pk))


def test_unknown_lead_is_a_message(edition: object) -> None:
    with pytest.raises(CommandError, match="No lead '999'"):
        _run("route", "999")
