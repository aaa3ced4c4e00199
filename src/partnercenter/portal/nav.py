"""The portal navigation: named sections of links; admin-only pages shown to partner admins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    """One page: its label, URL name, the URL names that mark it current, admin only or not."""

    label: str
    url: str
    current: tuple[str, ...] = ()
    admin_only: bool = False


SECTIONS: tuple[tuple[str, tuple[Link, ...]], ...] = (
    (
        "Standing",
        (
            Link("Dashboard", "portal:dashboard", ("dashboard",)),
            Link("Ledger", "portal:ledger", ("ledger",)),
            Link(
                "Activities", "portal:submissions", ("submissions", "submission", "submission_new")
            ),
            Link("Level history", "portal:levels", ("levels",)),
            Link("Appeals", "portal:appeals", ("appeals", "appeal_new")),
            Link("Certificates", "portal:certificates", ("certificates",)),
        ),
    ),
    (
        "Business",
        (
            Link("Leads", "portal:leads", ("leads", "lead_act")),
            Link("Referrals", "portal:referrals", ("referrals", "referral", "commissions")),
            Link("Events", "portal:events", ("events",)),
            Link("Roadmap", "portal:roadmap", ("roadmap",)),
            Link("Public page", "portal:public_page", ("public_page",), admin_only=True),
        ),
    ),
    (
        "Plan",
        (
            Link("Plan & benefits", "portal:plan", ("plan",)),
            Link("Support", "portal:support", ("support", "ticket")),
            Link("Meetings", "portal:meetings", ("meetings",)),
            Link("Services", "portal:services", ("services",)),
        ),
    ),
    (
        "Membership",
        (
            Link("Membership", "portal:membership", ("membership", "membership_notice")),
            Link("Contract", "portal:contract", ("contract", "contract_sign")),
            Link("Invoices", "portal:invoices", ("invoices",)),
            Link("Team", "portal:team", ("team", "team_invite")),
            Link("Profile", "portal:profile", ("profile",), admin_only=True),
        ),
    ),
    (
        "Account",
        (
            Link("Messages", "portal:messages", ("messages",)),
            Link("API tokens", "api_tokens:tokens", ("tokens",)),
            Link("Linked accounts", "portal:linked_accounts", ("linked_accounts",)),
            Link("My data", "portal:my_data", ("my_data",)),
            Link("Security", "mfa_index", ("mfa_index",)),
        ),
    ),
)
"""The sections in order."""


def nav_for(person: Any, url_name: str) -> list[dict[str, Any]]:
    """The sections and links `person` may open, the current one marked (for the template)."""
    admin = getattr(person, "role", None) == "admin"
    return [
        {
            "label": label,
            "slug": label.lower(),
            "links": [
                {
                    "label": link.label,
                    "href": reverse(link.url),
                    "current": url_name in link.current,
                }
                for link in links
                if admin or not link.admin_only
            ],
        }
        for label, links in SECTIONS
    ]
