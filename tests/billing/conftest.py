"""Fixtures for billing: a partner with an admin, ready to choose a plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from partnercenter.partners.models import Person, Role


@pytest.fixture
def acme(make_partner: Callable[..., Any]) -> Any:
    partner = make_partner("acme", status="applicant")
    partner.contract_signed_on = date(2026, 1, 5)
    partner.save(update_fields=["contract_signed_on"])
    Person.objects.create(partner=partner, name="Ada", email="ada@acme.test", role=Role.ADMIN)
    return partner
