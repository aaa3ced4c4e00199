"""The demo applications: three, one unconfirmed, one flagged duplicate; twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.applications.demo import demo_applications
from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.partners.models import Person

pytestmark = pytest.mark.django_db


def test_demo_applications(make_partner):
    northwind = make_partner("northwind-digital", name="Northwind Digital")
    Person.objects.create(partner=northwind, name="Anna", email="anna@northwind-digital.example")

    demo_applications(today=date(2026, 11, 26))
    demo_applications(today=date(2026, 11, 26))

    rows = {a.company: a for a in Application.objects.all()}
    assert len(rows) == 3
    assert rows["Orchard Web Agency"].status == ApplicationStatus.UNCONFIRMED
    dup = rows["Northwind Digital Services"]
    assert dup.status == ApplicationStatus.SUBMITTED and dup.duplicate_of_partner == northwind
    clean = rows["Lakeside Hosting"]
    assert clean.status == ApplicationStatus.SUBMITTED and clean.duplicate_reason == ""
    assert clean.created_at.date() == date(2026, 11, 23)
