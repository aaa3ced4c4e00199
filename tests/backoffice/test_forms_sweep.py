"""Every back-office page shows only the forms its reader may send (issue 10).

For each role, every page of the sweep's world is opened; each `<form method="post">` on it
must post somewhere that role may change (the OWNER table of the role sweep), so the viewer
sees no form but signing out. And each role does see the forms of its own work.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.backoffice.test_roles_sweep import ROLES, _may, _urls_with_inbox
from tests.portal.sweep_world import a_objects  # noqa: F401  (a fixture)
from tests.submissions.factories import World, make_staff

FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ACTION = re.compile(r'\baction="([^"]*)"', re.IGNORECASE)
POST = re.compile(r'\bmethod="?post"?', re.IGNORECASE)

EXTRA_PAGES = {
    "backoffice:partners": "/backoffice/partners/",
    "backoffice:sla": "/backoffice/sla/",
    "backoffice:audit": "/backoffice/audit/",
    "backoffice:leads": "/backoffice/leads/",
}
"""Pages the sweep opens as CSV exports or filtered, opened here as plain pages too."""

ALLOWED_ELSEWHERE = {"portal:logout"}
"""Forms outside the back office every staff member may send."""


def post_forms(page: str, here: str) -> list[str]:
    """The URL names every POST form of `page` (opened at `here`) posts to."""
    names = []
    for tag in FORM.findall(page):
        if not POST.search(tag):
            continue
        found = ACTION.search(tag)
        path = (found.group(1) if found else "") or here
        try:
            match = resolve(path.split("?")[0].replace("&amp;", "&"))
        except Resolver404:
            names.append(f"?{path}")
            continue
        names.append(match.view_name)
    return names


def pages(a: dict[str, Any]) -> dict[str, str]:
    """Every HTML page of the sweep: the GETs of the role sweep, and EXTRA_PAGES."""
    found = {name: url for name, (url, data) in _urls_with_inbox(a).items() if data is None}
    return {**found, **EXTRA_PAGES}


def forms_by_page(client: Client, a: dict[str, Any]) -> dict[str, list[str]]:
    """Each page the client opens as HTML → the URL names its POST forms post to."""
    seen = {}
    for name, url in pages(a).items():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen[f"{name} {url}"] = post_forms(response.content.decode(), url)
    return seen


def _allowed(role: str, target: str) -> bool:
    if target in ALLOWED_ELSEWHERE:
        return True
    if target.startswith(("backoffice:", "hooks:")):
        return _may(role, target, write=True)
    return False


@pytest.mark.parametrize("role", ROLES)
def test_a_page_shows_only_the_forms_its_reader_may_send(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
    role: str,
) -> None:
    client = Client()
    client.force_login(make_staff(f"{role}@7x.example", roles=(role,)))

    seen = forms_by_page(client, a_objects)

    assert len(seen) > (40 if role == "viewer" else 8)  # a broken world would show nothing
    wrong = {page: [t for t in targets if not _allowed(role, t)] for page, targets in seen.items()}
    assert {page: bad for page, bad in wrong.items() if bad} == {}
    if role == "viewer":
        assert {t for targets in seen.values() for t in targets} <= ALLOWED_ELSEWHERE


OWN_FORMS = [
    ("approver", "backoffice:partner", "backoffice:adjust"),
    ("approver", "backoffice:submission", "backoffice:approve"),
    ("approver", "backoffice:submission", "backoffice:reject"),
    ("approver", "backoffice:appeal", "backoffice:appeal_uphold"),
    ("finance", "backoffice:appeal", "backoffice:appeal_dismiss"),
    ("approver", "backoffice:moderation_revision", "backoffice:moderation_approve"),
    ("finance", "backoffice:commissions", "backoffice:commission_payment"),
    ("program_manager", "backoffice:announcements", "backoffice:announcements"),
    ("program_manager", "backoffice:roadmap_request", "backoffice:roadmap_request"),
    ("program_manager", "backoffice:event", "backoffice:event"),
    ("program_manager", "backoffice:application", "backoffice:application_approve"),
    ("program_manager", "backoffice:editions", "backoffice:edition_upload"),
    ("support", "backoffice:ticket", "backoffice:ticket_close"),
    ("support", "backoffice:meeting_slots", "backoffice:meeting_slots"),
    ("support", "backoffice:service_request", "backoffice:service_request"),
]
"""Forms each role sees on a page of its own work (the positive side of the sweep)."""


@pytest.mark.parametrize(("role", "page", "target"), OWN_FORMS)
def test_a_role_sees_the_forms_of_its_own_work(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
    role: str,
    page: str,
    target: str,
) -> None:
    client = Client()
    client.force_login(make_staff(f"{role}@7x.example", roles=(role,)))
    url = pages(a_objects)[page]

    response = client.get(url)

    assert response.status_code == 200
    assert target in post_forms(response.content.decode(), url)
