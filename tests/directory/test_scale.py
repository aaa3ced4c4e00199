"""The directory at 100,000 partners: an uncached page must stay fast (run with -m slow)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from partnercenter.directory import selectors
from partnercenter.directory.models import Listing
from partnercenter.partners.models import Partner
from partnercenter.review.models import TierDecision

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

N = 100_000
LEVELS = ["", "student", "starter", "basic", "professional", "silver", "gold", "platinum"]
PLANS = ["", "now", "starter", "silver", "gold", "platinum"]
PROFILES = ["it", "creative", "hosting", "distribution"]
COUNTRIES = ["DE", "FR", "NO", "US", "GB", "SE"]
AS_OF = date(2026, 1, 1)


def _seed() -> None:
    today = timezone.now().date()
    paid = today + timedelta(days=30)
    partners = [
        Partner(
            name=f"Partner {k:06d}",
            slug=f"p{k:06d}",
            profile=PROFILES[k % 4],
            country=COUNTRIES[k % 6],
            status="active" if k % 10 else "lapsed",
            plan=PLANS[k % 6],
            plan_paid_until=paid if k % 3 else None,
            current_level=LEVELS[(k * 7) % 8],
        )
        for k in range(N)
    ]
    Partner.objects.bulk_create(partners, batch_size=5000)
    ids = list(Partner.objects.order_by("id").values_list("id", "current_level"))
    TierDecision.objects.bulk_create(
        [
            TierDecision(
                partner_id=pid,
                as_of=AS_OF,
                edition_id="2025-01-01",
                facts={"points": (pid * 7919) % 250_000},
                level=level,
                direction="same",
                explanation=[],
            )  # fmt: skip
            for pid, level in ids
        ],
        batch_size=5000,
    )
    Listing.objects.bulk_create(
        [
            Listing(
                partner_id=pid,
                description="Managed hosting",
                search_text=f"partner {pid} managed hosting",
            )
            for pid, _ in ids[::5]
        ],
        batch_size=5000,
    )


def _timed(edition, query, page=1):  # type: ignore[no-untyped-def]
    cache.clear()
    start = time.perf_counter()
    result = selectors.directory_page(edition, timezone.now().date(), query, page)
    return time.perf_counter() - start, result


def test_an_uncached_page_at_100k_partners(edition, capsys) -> None:
    _seed()
    q = selectors.DirectoryQuery
    timings = {}
    for name, query, page in [
        ("all, page 1", q(), 1),
        ("all, page 500", q(), 500),
        ("hosting tab (with featured)", q(profile="hosting"), 1),
        ("country DE + level gold", q(country="DE", level="gold"), 1),
        ("search 'hosting'", q(q="hosting"), 1),
    ]:
        seconds, result = _timed(edition, query, page)
        timings[name] = (seconds, result["count"])
    selectors.directory_page(edition, timezone.now().date(), q(), 1)  # warm the cache
    cached_start = time.perf_counter()
    selectors.directory_page(edition, timezone.now().date(), q(), 1)
    cached = time.perf_counter() - cached_start
    with capsys.disabled():
        for name, (seconds, count) in timings.items():
            print(f"\n{name}: {seconds * 1000:.0f} ms ({count} partners)")
        print(f"cached page: {cached * 1000:.1f} ms")
    assert all(seconds < 3.0 for seconds, _ in timings.values())
    assert cached < 0.05
