"""The demo has one appeal and one public page change waiting; loading it twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.appeals.demo import demo_appeals
from partnercenter.appeals.models import Appeal
from partnercenter.directory.demo import demo_directory
from partnercenter.directory.models import ListingRevision
from partnercenter.partners.demo import demo_load

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(edition: object) -> None:
    today = date(2026, 3, 15)
    demo_load(today=today)
    demo_directory(today=today)
    demo_appeals(today=today)
    demo_appeals(today=today)
    assert Appeal.objects.filter(status="pending").count() == 1
    assert ListingRevision.objects.filter(status="pending").count() == 1
