"""The demo pages: descriptions, services and a few logos, written once."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.directory.demo import demo_directory
from partnercenter.directory.models import Listing

pytestmark = pytest.mark.django_db


def test_demo_directory_is_idempotent(make_partner) -> None:
    make_partner("northwind-digital", name="Northwind Digital")
    make_partner("quiet", name="Quiet Co", profile="hosting")
    demo_directory(today=date(2026, 1, 1))
    first = list(
        Listing.objects.order_by("id").values_list("partner__slug", "logo_sha", "services")
    )
    demo_directory(today=date(2026, 1, 1))
    again = list(
        Listing.objects.order_by("id").values_list("partner__slug", "logo_sha", "services")
    )
    assert first == again and len(first) == 2
    logos = {slug: sha for slug, sha, _ in first}
    assert logos["northwind-digital"] and not logos["quiet"]
