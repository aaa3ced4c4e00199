"""Two processes posting the same idempotency key at the same moment produce one entry."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

import pytest
from django.db import connection

from partnercenter.ledger.models import Entry, MonthlyRollup
from partnercenter.partners.services import partner_create
from partnercenter.programs.services import edition_load
from tests.conftest import SHIPPED_EDITION

SCRIPT = """
import os, sys, time
import django
django.setup()
from datetime import datetime, UTC
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Partner
partner = Partner.objects.get(slug="acme")
start = float(sys.argv[1])
while time.time() < start:
    pass
results = []
for i in range(int(sys.argv[2])):
    r = entry_post(partner=partner, activity="article", occurred_at=datetime(2025, 6, 1, tzinfo=UTC),
                   source="reported", reason="race", idempotency_key=f"race-{i}")
    results.append(int(r.created))
print(sum(results))
"""


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_same_keys_post_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite again on PostgreSQL)")
    edition_load(path=SHIPPED_EDITION)
    partner_create(name="Acme", slug="acme", profile="it", partner_since=date(2024, 1, 1))
    keys = 40
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "partnercenter.settings",
    }
    start = time.time() + 3
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(start), str(keys)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    created = sum(int(out.strip()) for out, _ in outputs)
    assert created == keys
    assert Entry.objects.count() == keys
    assert MonthlyRollup.objects.get().points == keys * 500
