"""The public directory: who is listed, the order, the featured strip, filters and search."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.directory import selectors
from partnercenter.directory.services import listing_update
from partnercenter.partners.models import Partner, Person
from partnercenter.partners.services import certification_record
from partnercenter.programs.selectors import edition_at
from tests.directory.factories import leveled

pytestmark = pytest.mark.django_db


def _slugs(edition):  # type: ignore[no-untyped-def]
    return list(ordered_slugs(edition, selectors.DirectoryQuery()))


def ordered_slugs(edition, query):  # type: ignore[no-untyped-def]
    today = timezone.now().date()
    return selectors.ordered(edition, today, query).values_list("slug", flat=True)


def test_order_is_level_then_paid_placement_then_points(edition, make_partner) -> None:
    # given partners at several levels, plans and points
    leveled(make_partner, "plat", "platinum", points=1)
    leveled(make_partner, "gold-none", "gold", points=90_000)
    leveled(make_partner, "gold-high", "gold", plan="gold", points=10)
    leveled(make_partner, "gold-priority", "gold", plan="platinum", points=5)
    leveled(make_partner, "gold-unpaid", "gold", plan="platinum", paid=False, points=80_000)
    leveled(make_partner, "silver-more", "silver", points=30_000)
    leveled(make_partner, "silver-less", "silver", points=21_000)
    # when the directory orders them
    slugs = _slugs(edition)
    # then level first, then the paid plan's placement, then points
    assert slugs == [
        "plat",
        "gold-priority",
        "gold-high",
        "gold-none",
        "gold-unpaid",
        "silver-more",
        "silver-less",
    ]


def test_lapsed_suspended_terminated_and_registered_are_not_listed(edition, make_partner) -> None:
    leveled(make_partner, "ok", "basic")
    for status in ("lapsed", "suspended", "terminated", "applicant"):
        leveled(make_partner, status, "gold", status=status)
    registered = make_partner("registered", plan="now", plan_paid_until=date(2099, 1, 1))
    assert _slugs(edition) == ["ok"]
    today = timezone.now().date()
    assert not selectors.is_listed(registered, edition, today)


def test_registered_partners_are_listed_when_the_edition_says_so(edition, make_partner) -> None:
    from dataclasses import replace

    make_partner("registered", plan="now", plan_paid_until=date(2099, 1, 1))
    make_partner("unpaid", plan="now", plan_paid_until=date(2020, 1, 1))
    generous = replace(edition, directory=replace(edition.directory, list_registered=True))
    assert _slugs(generous) == ["registered"]


def test_featured_strip_holds_gold_and_platinum_and_rotates_daily(edition, make_partner) -> None:
    for k in range(5):
        leveled(make_partner, f"gold-{k}", "gold", profile="hosting")
    leveled(make_partner, "silver", "silver", profile="hosting")
    leveled(make_partner, "gold-it", "gold", profile="it")
    strips = [
        [c["slug"] for c in selectors.featured(edition, date(2026, 3, d), "hosting")]
        for d in range(1, 6)
    ]
    assert all(len(s) == 3 for s in strips)
    assert all(slug.startswith("gold-") and slug != "gold-it" for s in strips for slug in s)
    assert strips[0] == [
        c["slug"] for c in selectors.featured(edition, date(2026, 3, 1), "hosting")
    ]
    assert len({s[0] for s in strips}) == 5  # each leads once in five days


def test_filters_and_search(edition, make_partner) -> None:
    a = leveled(make_partner, "alpha", "silver", country="DE", profile="hosting")
    leveled(make_partner, "beta", "silver", country="FR", profile="hosting")
    leveled(make_partner, "gamma", "basic", country="DE", profile="it")
    person = Person.objects.create(partner=a, name="P", email="p@alpha.example")
    certification_record(person=person, type="wcms", earned_on=date(2025, 6, 1))
    listing_update(partner=a, description="Managed Kubernetes", services=["Backups"])
    q = selectors.DirectoryQuery
    assert list(ordered_slugs(edition, q(country="DE"))) == ["alpha", "gamma"]
    assert list(ordered_slugs(edition, q(profile="hosting"))) == ["alpha", "beta"]
    assert list(ordered_slugs(edition, q(level="basic"))) == ["gamma"]
    assert list(ordered_slugs(edition, q(certification="wcms"))) == ["alpha"]
    assert list(ordered_slugs(edition, q(q="kubernetes"))) == ["alpha"]
    assert list(ordered_slugs(edition, q(q="backups"))) == ["alpha"]
    assert list(ordered_slugs(edition, q(q="BET"))) == ["beta"]


def test_directory_page_renders_with_title_meta_tabs_and_featured(edition, make_partner) -> None:
    leveled(make_partner, "gold-host", "gold", profile="hosting", name="Gold Host")
    leveled(make_partner, "basic-it", "basic", profile="it", name="Basic It")
    client = Client()
    body = client.get("/partners/").content.decode()
    assert "<title>Find a partner" in body and '<meta name="description"' in body
    assert body.index("Gold Host") < body.index("Basic It")
    hosting = client.get("/partners/profile/hosting/").content.decode()
    assert "Featured Hosting partners" in hosting and "Basic It" not in hosting
    assert client.get("/partners/profile/nope/").status_code == 404


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("level=legendary", "Select a valid choice"),
        ("certification=%3Cscript%3E", "Select a valid choice"),
        ("country=Germany", "two-letter country code"),
        ("page=-3", "greater than or equal to 1"),
        ("page=abc", "Enter a whole number"),
        ("q=" + "x" * 300, "at most 100 characters"),
    ],
)
def test_bad_filters_get_a_message_not_a_500(edition, make_partner, query, words) -> None:
    leveled(make_partner, "alpha", "silver")
    response = Client().get(f"/partners/?{query}")
    assert response.status_code == 400
    assert words in response.content.decode()


def test_page_beyond_the_last_shows_the_last(edition, make_partner) -> None:
    leveled(make_partner, "alpha", "silver")
    response = Client().get("/partners/?page=99")
    assert response.status_code == 200 and "alpha" in response.content.decode()


def test_cache_follows_reviews_and_listing_changes(
    edition, make_partner, django_capture_on_commit_callbacks
) -> None:
    a = leveled(make_partner, "alpha", "silver")
    client = Client()
    assert "Fresh words" not in client.get("/partners/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        listing_update(partner=a, description="Fresh words", services=[])
    assert "Fresh words" in client.get("/partners/").content.decode()
    leveled(make_partner, "beta", "gold", name="Beta Gold")
    assert "Beta Gold" in client.get("/partners/").content.decode()
    Partner.objects.filter(slug="beta").update(status="terminated")
    assert "Beta Gold" in client.get("/partners/").content.decode()  # within the TTL
    today = timezone.now().date()
    assert "beta" not in list(ordered_slugs(edition_at(today), selectors.DirectoryQuery()))


def test_home_page_links_to_the_directory(edition) -> None:
    assert 'href="/partners/"' in Client().get("/").content.decode()
