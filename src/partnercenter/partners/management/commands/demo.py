"""`partnercenter demo`: load the demo partners, people, ledger and reviews (once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnercenter.appeals.demo import demo_appeals
from partnercenter.applications.demo import demo_applications
from partnercenter.billing.demo import demo_billing
from partnercenter.certifications.demo import demo_certifications
from partnercenter.commissions.demo import demo_commissions
from partnercenter.contracts.demo import demo_contracts
from partnercenter.directory.demo import demo_directory
from partnercenter.editions_workbench.demo import demo_editions
from partnercenter.engagement.demo import demo_engagement
from partnercenter.entitlements.demo import demo_entitlements
from partnercenter.events.demo import demo_events
from partnercenter.identity.demo import demo_identity
from partnercenter.leads.demo import demo_leads
from partnercenter.membership.demo import demo_membership
from partnercenter.partners.demo import demo_load
from partnercenter.programs.selectors import NoEdition
from partnercenter.staffroles.demo import demo_staffroles

AREA_DEMOS = (
    demo_billing,
    demo_membership,
    demo_contracts,
    demo_applications,
    demo_directory,
    demo_appeals,
    demo_leads,
    demo_commissions,
    demo_entitlements,
    demo_engagement,
    demo_events,
    demo_certifications,
    demo_editions,
    demo_staffroles,
    demo_identity,  # last: every demo account gets its verified address, staff their TOTP
)
"""Each area's demo, in order, on top of the partners' history; each is idempotent.
Billing first (plans and invoices), then membership (validity, notice, lapse); the
directory, appeals, leads, commissions, entitlements and engagement build on active members
with plans; the certification and edition demos last (a certification expiring before the
next review, a draft of the next edition waiting)."""


class Command(BaseCommand):
    help = "Load ~40 demo partners with three years of history (a second run changes nothing)."

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = demo_load()
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        today = timezone.now().date()
        for area_demo in AREA_DEMOS:
            area_demo(today=today)
        if result.created:
            self.stdout.write(
                f"Demo data loaded: {result.partners} partners, {result.entries} ledger entries, "
                f"{result.decisions} tier decisions."
            )
        else:
            self.stdout.write(f"Demo data already loaded ({result.partners} partners).")
