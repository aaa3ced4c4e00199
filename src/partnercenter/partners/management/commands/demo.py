"""`partnercenter demo`: load the demo partners, people, ledger and reviews (once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnercenter.applications.demo import demo_applications
from partnercenter.billing.demo import demo_billing
from partnercenter.membership.demo import demo_membership
from partnercenter.partners.demo import demo_load
from partnercenter.programs.selectors import NoEdition

AREA_DEMOS = (demo_billing, demo_membership, demo_applications)
"""Each area's demo, in order, on top of the partners' history; each is idempotent.
Billing first (plans and invoices), then membership (validity, notice, lapse)."""


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
