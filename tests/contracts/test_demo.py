"""The demo contracts: the demo login's partner signed and countersigned; idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.contracts.demo import demo_contracts
from partnercenter.contracts.models import Contract, Countersignature, Signature
from partnercenter.partners.demo import STAFF_EMAIL
from partnercenter.partners.models import Role
from tests.submissions.factories import make_person, make_staff

pytestmark = pytest.mark.django_db


def test_demo_contracts_sign_northwind_and_two_more_once(make_partner: Any) -> None:
    make_staff(STAFF_EMAIL)
    for slug in ("northwind-digital", "atlas-web-studio", "baltic-systems", "cobalt-creative"):
        partner = make_partner(slug, status="active")
        make_person(partner, f"anna@{slug}.example", Role.ADMIN, login=False)
    today = date(2026, 11, 20)

    demo_contracts(today=today)
    demo_contracts(today=today)

    northwind = Signature.objects.get(contract__partner__slug="northwind-digital")
    assert northwind.full_name == "Anna"
    assert Countersignature.objects.get().signature == northwind
    assert Signature.objects.count() == 3 and Contract.objects.count() == 3
    assert all(s.signed_at.date() <= today for s in Signature.objects.all())
