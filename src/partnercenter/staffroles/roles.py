"""The staff roles and their permissions, as one table (no Django imports).

A role is a Django group of the same name; a user may hold several. Superusers hold
every permission. The data migration creates the groups; `roles_sync` repairs them
(a test database flush removes groups, never this table).
"""

from __future__ import annotations

from dataclasses import dataclass

APP = "staffroles"

VIEW_BACKOFFICE = f"{APP}.view_backoffice"
"""Open the back office at all: every role has it."""
VIEW_ALL_PAGES = f"{APP}.view_all_pages"
"""Read every back-office page (lists, details, exports) without changing anything."""
MANAGE_PROGRAM = f"{APP}.manage_program"
"""Editions, reviews, the scheduler, partners' membership, applications, contracts, imports."""
APPROVE_SUBMISSIONS = f"{APP}.approve_submissions"
"""The approval queue, certifications and points adjustments."""
MANAGE_FINANCE = f"{APP}.manage_finance"
"""Invoices, payments, credit notes, commissions and payouts."""
SUPPORT_PARTNERS = f"{APP}.support_partners"
"""Support tickets, meeting slots, the SLA report and leads."""

PERMISSIONS: dict[str, str] = {
    "view_backoffice": "Can open the back office",
    "view_all_pages": "Can read every back-office page (no changes)",
    "manage_program": "Can manage the program (editions, reviews, partners, contracts)",
    "approve_submissions": "Can approve submissions, certifications and adjustments",
    "manage_finance": "Can manage invoices, commissions and payouts",
    "support_partners": "Can answer tickets, run meetings and route leads",
}
"""Codename → name of every custom permission (on `ApprovalRequest.Meta.permissions`)."""

WRITE_PERMISSIONS = (MANAGE_PROGRAM, APPROVE_SUBMISSIONS, MANAGE_FINANCE, SUPPORT_PARTNERS)
"""Holding none of these makes a user read-only in the back office."""

PERMISSION_WORDS: dict[str, str] = {
    VIEW_BACKOFFICE: "a back-office role",
    VIEW_ALL_PAGES: "the viewer role",
    MANAGE_PROGRAM: "the program manager role",
    APPROVE_SUBMISSIONS: "the approver role",
    MANAGE_FINANCE: "the finance role",
    SUPPORT_PARTNERS: "the support role",
}
"""How a refusal names what is missing."""


@dataclass(frozen=True)
class Role:
    """A staff role: the group's name, what it is for, and its permission codenames."""

    slug: str
    name: str
    purpose: str
    permissions: tuple[str, ...]


ROLES: tuple[Role, ...] = (
    Role(
        "program_manager",
        "Program manager",
        "Editions, reviews, partners, applications, contracts, imports, scheduler.",
        ("view_backoffice", "manage_program"),
    ),
    Role(
        "approver",
        "Approver",
        "The approval queue, certifications, adjustments (larger ones need a second approver).",
        ("view_backoffice", "approve_submissions"),
    ),
    Role(
        "finance",
        "Finance",
        "Invoices, payments, credit notes, commissions and payouts (a second finance user "
        "approves payouts and manual commissions).",
        ("view_backoffice", "manage_finance"),
    ),
    Role(
        "support",
        "Support",
        "Support tickets, meeting slots, the SLA report and leads.",
        ("view_backoffice", "support_partners"),
    ),
    Role(
        "viewer",
        "Viewer",
        "Reads every back-office page; changes nothing.",
        ("view_backoffice", "view_all_pages"),
    ),
)
"""Every staff role; a role's group is named after `Role.name`."""

ROLE_BY_SLUG = {role.slug: role for role in ROLES}
