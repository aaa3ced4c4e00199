"""The demo: Northwind Digital's sales certification expires before the next review."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnercenter.certifications.demo import EXPIRING_SLUG, demo_certifications
from partnercenter.certifications.selectors import level_warning_for
from partnercenter.ledger.models import Entry
from partnercenter.partners.demo import demo_load
from partnercenter.partners.models import Certification, CertificationRevocation, Partner

pytestmark = pytest.mark.django_db


def test_the_demo_partner_is_warned_and_a_second_run_changes_nothing(edition: object) -> None:
    # given the demo partners (Northwind Digital is Silver)
    today = timezone.now().date()
    demo_load(today=today)
    northwind = Partner.objects.get(slug=EXPIRING_SLUG)
    assert northwind.current_level == "silver"
    entries = Entry.objects.count()
    # when the certifications demo runs twice
    demo_certifications(today=today)
    certifications = Certification.objects.count()
    demo_certifications(today=today)
    # then the sales certification has an expiry before the next review, no points were
    # posted twice, and the dashboard's warning names it
    assert Certification.objects.count() == certifications
    assert CertificationRevocation.objects.count() == 1
    assert Entry.objects.count() == entries
    warning = level_warning_for(northwind, today)
    assert warning is not None and warning.to_level == "professional"
    assert "1 sales certification expires on" in warning.sentence
