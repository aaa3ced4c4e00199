"""Every back-office page (and the webhook inbox), tried by staff in every role (issue 10).

Each role opens exactly its pages and is refused (403, in our look) the rest; the viewer
reads every page but a person's data and changes nothing; a staff account without any
role is refused everywhere; a refused POST changes nothing. The sweep fails when a new
back-office URL is added without an entry in OWNER.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.audit.models import AuditEvent
from tests.portal.sweep_urls import _urls
from tests.portal.sweep_world import (  # noqa: F401  (a_objects is a fixture)
    _patterns,
    _snapshot,
    a_objects,
)
from tests.submissions.factories import World, make_staff

ANY, PROGRAM, APPROVER, FINANCE, SUPPORT = None, "program_manager", "approver", "finance", "support"
SECOND_EYES = "approver|finance"
APPEALS = "approver|finance"
EVENTS = "program_manager|support"  # a commission appeal corrects the commissions ledger

OWNER: dict[str, str | None] = {
    "dashboard": ANY,
    "partners": ANY,
    "partner": ANY,
    "leads": SUPPORT,
    "lead": SUPPORT,
    "lead_share": SUPPORT,
    "lead_reroute": SUPPORT,
    "queue": APPROVER,
    "queue_bulk": APPROVER,
    "submission": APPROVER,
    "approve": APPROVER,
    "reject": APPROVER,
    "evidence": APPROVER,
    "adjust": APPROVER,
    "certify": APPROVER,
    "certification_revoke": APPROVER,
    "commissions": FINANCE,
    "commission_payment": FINANCE,
    "commission_refund": FINANCE,
    "commissions_approve": FINANCE,
    "payout_batch_create": FINANCE,
    "payout_batch_csv": FINANCE,
    "payout_batch_paid": FINANCE,
    "invoices": FINANCE,
    "invoice": FINANCE,
    "invoice_pdf": FINANCE,
    "credit_note_pdf": FINANCE,
    "invoice_payment": FINANCE,
    "invoice_void": FINANCE,
    "notice": PROGRAM,
    "notice_withdraw": PROGRAM,
    "terminate": PROGRAM,
    "logo_resolve": PROGRAM,
    "scheduler": PROGRAM,
    "review": PROGRAM,
    "review_start": PROGRAM,
    "review_run": PROGRAM,
    "applications": PROGRAM,
    "application": PROGRAM,
    "application_approve": PROGRAM,
    "application_reject": PROGRAM,
    "contracts": PROGRAM,
    "contract": PROGRAM,
    "contract_countersign": PROGRAM,
    "contract_pdf": PROGRAM,
    "contract_signed_pdf": PROGRAM,
    "exports": PROGRAM,
    "ledger_export": PROGRAM,
    "partner_suggest": PROGRAM,
    "imports": PROGRAM,
    "import_apply": PROGRAM,
    "import_example": PROGRAM,
    "audit": PROGRAM,
    "revenue_requirement": PROGRAM,
    "person_data": PROGRAM,
    "person_erase": PROGRAM,
    "tickets": SUPPORT,
    "ticket": SUPPORT,
    "ticket_close": SUPPORT,
    "meeting_slots": SUPPORT,
    "meeting_mark": SUPPORT,
    "sla": SUPPORT,
    "approvals": SECOND_EYES,
    "approval_decide": SECOND_EYES,
    "person_links": PROGRAM,
    "person_unlink": PROGRAM,
    "roadmap": PROGRAM,
    "roadmap_request": PROGRAM,
    "announcements": PROGRAM,
    "service_requests": SUPPORT,
    "service_request": SUPPORT,
    "moderation": APPROVER,
    "moderation_revision": APPROVER,
    "moderation_approve": APPROVER,
    "moderation_reject": APPROVER,
    "moderation_logo": APPROVER,
    "moderation_live_logo": APPROVER,
    "appeals": APPEALS,
    "appeal": APPEALS,
    "appeal_uphold": APPEALS,
    "appeal_dismiss": APPEALS,
    "editions": PROGRAM,
    "edition_upload": PROGRAM,
    "edition_copy": PROGRAM,
    "edition_draft": PROGRAM,
    "edition_draft_publish": PROGRAM,
    "edition_draft_contract": PROGRAM,
    "edition": PROGRAM,
    "events": EVENTS,
    "event": EVENTS,
    "event_attendance": EVENTS,
    "partner_certificates": ANY,
    "certificate_pdf": ANY,
}
"""Which role a page belongs to (ANY: every role); the viewer reads every page but PRIVATE."""

PRIVATE = {"person_data", "person_erase"}
"""A person's data: only its own role reads it, not the viewer."""

NOT_FOUND = {"review_run"}
"""The sweep asks for an object that does not exist: a 404 for those who may look."""

ROLES = ["program_manager", "approver", "finance", "support", "viewer"]


def _urls_with_inbox(a: dict[str, Any]) -> dict[str, tuple[str, dict[str, str] | None]]:
    urls = {k: v for k, v in _urls(a).items() if k.startswith("backoffice:")}
    urls["hooks:inbox"] = ("/hooks/inbox/", None)
    urls["hooks:replay"] = ("/hooks/inbox/999999/replay", {})
    return urls


def _owner(name: str) -> str | None:
    short = name.split(":")[1]
    return PROGRAM if name.startswith("hooks:") else OWNER[short]


def _may(role: str, name: str, write: bool) -> bool:
    owner = _owner(name)
    if owner is ANY:
        return not (write and role == "viewer")
    if role in owner.split("|"):
        return True
    return role == "viewer" and not write and name.split(":")[1] not in PRIVATE


def test_every_back_office_url_has_an_owner() -> None:
    assert set(_patterns("backoffice")) == set(OWNER)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_pages(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
    role: str,
) -> None:
    client = Client()
    client.force_login(make_staff(f"{role}@7x.example", roles=(role,)))
    before = _snapshot(world)
    wrong = []
    for name, (url, data) in _urls_with_inbox(a_objects).items():
        if data is None:
            status = client.get(url).status_code
            if _may(role, name, write=False):
                ok = status == (404 if name.split(":")[1] in NOT_FOUND else 200)
            else:
                ok = status == 403
        elif _may(role, name, write=True):
            continue  # the rightful role's writes are tested in each area's own tests
        else:
            status = client.post(url, data).status_code
            ok = status == 403
        if not ok:
            wrong.append((name, "POST" if data is not None else "GET", status))
    assert wrong == []
    assert _snapshot(world) == before


def test_a_refusal_is_a_page_in_our_look_and_audited(world: World) -> None:
    from django.core.cache import cache

    cache.clear()  # refusals are recorded once per address and minute: forget earlier tests'
    client = Client()
    client.force_login(make_staff("approver@7x.example", roles=("approver",)))

    response = client.get("/backoffice/invoices/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page and "the finance role" in page
    assert "Partner Center" in page
    denied = AuditEvent.objects.filter(action="auth.denied").latest("id")
    assert denied.path == "/backoffice/invoices/"
    assert "the finance role" in str(denied.details)


def test_staff_without_a_role_is_refused_everywhere(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
) -> None:
    client = Client()
    client.force_login(make_staff("norole@7x.example", roles=()))
    before = _snapshot(world)
    for name, (url, data) in _urls_with_inbox(a_objects).items():
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code == 403, name
    assert "no back-office role yet" in client.get("/backoffice/").content.decode()
    assert _snapshot(world) == before


def test_the_navigation_shows_only_the_sections_a_role_may_open(world: World) -> None:
    client = Client()
    client.force_login(make_staff("approver@7x.example", roles=("approver",)))

    page = client.get("/backoffice/").content.decode()

    assert 'href="/backoffice/queue/"' in page
    assert 'href="/backoffice/approvals/"' in page
    for hidden in ("/backoffice/invoices/", "/backoffice/commissions/", "/backoffice/tickets/"):
        assert f'href="{hidden}"' not in page, hidden
    assert ">Money<" not in page and ">Support<" not in page
