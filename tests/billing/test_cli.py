"""`partnercenter billing run`: issues what is due once, prints JSON, refuses a bad date."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnercenter.billing.models import Invoice
from partnercenter.billing.services import plan_choose

pytestmark = pytest.mark.django_db


def test_billing_run_prints_counts_as_json_and_is_idempotent(acme):
    plan_choose(partner=acme, plan="silver", on=date(2026, 1, 10))
    out = StringIO()
    call_command("billing", "run", "--as-of", "2026-02-10", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "as_of": "2026-02-10",
        "subscriptions": 1,
        "invoices_issued": 1,
        "plans_changed": 0,
    }
    out = StringIO()
    call_command("billing", "run", "--as-of", "2026-02-10", stdout=out)
    assert "0 invoice(s) issued" in out.getvalue()
    assert Invoice.objects.count() == 2


def test_a_bad_date_is_a_message_not_a_traceback(acme):
    with pytest.raises(CommandError, match="is not a date"):
        call_command("billing", "run", "--as-of", "2026-13-01")
