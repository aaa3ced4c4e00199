"""The portal navigation: five named sections; admin-only pages only for partner admins."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def _nav(client: Client, world: World, who: str) -> str:
    client.force_login(getattr(world, who).user)
    page = client.get("/portal/ledger/").content.decode()
    found = re.search(r'<nav aria-label="Portal".*?</nav>', page, re.S)
    assert found, "the portal page has no navigation"
    return found.group(0)


def test_an_admin_sees_every_section_and_the_current_page_marked(
    client: Client, world: World
) -> None:
    nav = _nav(client, world, "a_admin")

    labels = re.findall(r'class="section-label"[^>]*>([^<]+)<', nav)
    assert labels == ["Standing", "Business", "Plan", "Membership", "Account"]
    assert re.search(r'href="/portal/ledger/" aria-current="page">Ledger<', nav)
    assert nav.count('aria-current="page"') == 1
    assert ">Profile<" in nav and ">Public page<" in nav


def test_a_member_does_not_see_the_admin_pages(client: Client, world: World) -> None:
    nav = _nav(client, world, "a_member")

    assert ">Ledger<" in nav and ">Security<" in nav
    assert ">Profile<" not in nav and ">Public page<" not in nav
