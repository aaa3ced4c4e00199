"""The back-office navigation: sections of links, each shown only to those who may open it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from partnercenter.staffroles.access import Perm, may, may_write
from partnercenter.staffroles.roles import (
    APPROVE_SUBMISSIONS,
    MANAGE_FINANCE,
    MANAGE_PROGRAM,
    SUPPORT_PARTNERS,
)


@dataclass(frozen=True)
class Link:
    """One page: its label, URL name, the permission its view asks, and the URL names that
    mark it current (its detail pages)."""

    label: str
    url: str
    perm: Perm
    current: tuple[str, ...] = ()
    superuser: bool = False


SECTIONS: tuple[tuple[str, tuple[Link, ...]], ...] = (
    (
        "Program",
        (
            Link("Dashboard", "backoffice:dashboard", None, ("dashboard",)),
            Link("Review", "backoffice:review", MANAGE_PROGRAM, ("review", "review_run")),
            Link("Scheduler", "backoffice:scheduler", MANAGE_PROGRAM, ("scheduler",)),
            Link(
                "Editions",
                "backoffice:editions",
                MANAGE_PROGRAM,
                ("editions", "edition_upload", "edition_copy", "edition_draft", "edition_detail"),
            ),
            Link("Roadmap", "backoffice:roadmap", MANAGE_PROGRAM, ("roadmap", "roadmap_request")),
            Link("Announcements", "backoffice:announcements", MANAGE_PROGRAM, ("announcements",)),
            Link(
                "Events",
                "backoffice:events",
                (MANAGE_PROGRAM, SUPPORT_PARTNERS),
                ("events", "event"),
            ),
            Link(
                "Revenue requirement",
                "backoffice:revenue_requirement",
                MANAGE_PROGRAM,
                ("revenue_requirement",),
            ),
        ),
    ),
    (
        "Partners",
        (
            Link("Partners", "backoffice:partners", None, ("partners", "partner")),
            Link(
                "Applications",
                "backoffice:applications",
                MANAGE_PROGRAM,
                ("applications", "application"),
            ),
            Link("Contracts", "backoffice:contracts", MANAGE_PROGRAM, ("contracts", "contract")),
            Link("Import", "backoffice:imports", MANAGE_PROGRAM, ("imports", "import_apply")),
        ),
    ),
    (
        "Approvals",
        (
            Link(
                "Approval queue", "backoffice:queue", APPROVE_SUBMISSIONS, ("queue", "submission")
            ),
            Link(
                "Second pair of eyes",
                "backoffice:approvals",
                (APPROVE_SUBMISSIONS, MANAGE_FINANCE),
                ("approvals", "approval_decide"),
            ),
            Link(
                "Moderation",
                "backoffice:moderation",
                APPROVE_SUBMISSIONS,
                ("moderation", "moderation_revision"),
            ),
            Link(
                "Appeals",
                "backoffice:appeals",
                (APPROVE_SUBMISSIONS, MANAGE_FINANCE),
                ("appeals", "appeal"),
            ),
        ),
    ),
    (
        "Money",
        (
            Link("Invoices", "backoffice:invoices", MANAGE_FINANCE, ("invoices", "invoice")),
            Link("Commissions", "backoffice:commissions", MANAGE_FINANCE, ("commissions",)),
        ),
    ),
    (
        "Support",
        (
            Link("Tickets", "backoffice:tickets", SUPPORT_PARTNERS, ("tickets", "ticket")),
            Link("Meeting slots", "backoffice:meeting_slots", SUPPORT_PARTNERS, ("meeting_slots",)),
            Link("SLA", "backoffice:sla", SUPPORT_PARTNERS, ("sla",)),
            Link("Leads", "backoffice:leads", SUPPORT_PARTNERS, ("leads", "lead")),
            Link(
                "Service requests",
                "backoffice:service_requests",
                SUPPORT_PARTNERS,
                ("service_requests", "service_request"),
            ),
        ),
    ),
    (
        "System",
        (
            Link("Audit", "backoffice:audit", MANAGE_PROGRAM, ("audit",)),
            Link("Export", "backoffice:exports", MANAGE_PROGRAM, ("exports",)),
            Link("Webhook inbox", "hooks:inbox", MANAGE_PROGRAM),
            Link("Security", "mfa_index", None, ("mfa_index",)),
            Link("Admin", "admin:index", None, superuser=True),
        ),
    ),
)
"""The sections in order; a section with no link the user may open is left out."""


def nav_for(user: Any, url_name: str) -> list[dict[str, Any]]:
    """The sections and links `user` may open, the current one marked (for the template)."""
    sections = []
    for label, links in SECTIONS:
        shown = [
            {"label": link.label, "href": reverse(link.url), "current": url_name in link.current}
            for link in links
            if (user.is_superuser if link.superuser else may(user, link.perm, "GET"))
        ]
        if shown:
            sections.append({"label": label, "slug": label.lower(), "links": shown})
    return sections


def read_only(user: Any) -> bool:
    """True for a viewer (or any staff user without a role that changes things)."""
    return bool(user.is_authenticated) and not user.is_superuser and not may_write(user)
