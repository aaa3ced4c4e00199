"""Two `partnercenter billing run` processes at once: invoice numbers stay 1..N, no gap, no twin."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.db import connection

from partnercenter.billing.models import Invoice, Subscription
from partnercenter.partners.services import partner_create
from partnercenter.programs.services import edition_load
from tests.conftest import SHIPPED_EDITION


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_billing_runs_at_once_number_without_gaps() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite again on PostgreSQL)")
    # Given 12 monthly subscriptions whose next period began, with no invoice numbered yet
    edition_load(path=SHIPPED_EDITION)
    start = date(2026, 1, 5)
    for n in range(12):
        partner = partner_create(
            name=f"P{n}", slug=f"p{n}", profile="it", partner_since=date(2024, 1, 1)
        )
        Subscription.objects.create(
            partner=partner,
            plan="silver",
            period="month",
            started_on=start,
            anchor_on=start,
            current_period_start=start,
            current_period_end=start + timedelta(days=30),
        )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "partnercenter.settings",
    }
    command = [sys.executable, "-m", "partnercenter", "billing", "run", "--as-of", "2026-03-10"]
    # When two runs start at the same moment
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    # Then each period is invoiced once and the numbers are 1..N
    assert all(p.returncode == 0 for p in procs), outputs
    assert Invoice.objects.count() == 24  # 5 Feb and 7 Mar periods of 12 subscriptions
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 25))
    keys = Invoice.objects.values_list("idempotency_key", flat=True)
    assert len(set(keys)) == 24
