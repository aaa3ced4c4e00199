"""`partnercenter demo`: load the demo partners, people, ledger and reviews (once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnercenter.partners.demo import demo_load
from partnercenter.programs.selectors import NoEdition


class Command(BaseCommand):
    help = "Load ~40 demo partners with three years of history (a second run changes nothing)."

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = demo_load()
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        if result.created:
            self.stdout.write(
                f"Demo data loaded: {result.partners} partners, {result.entries} ledger entries, "
                f"{result.decisions} tier decisions."
            )
        else:
            self.stdout.write(f"Demo data already loaded ({result.partners} partners).")
