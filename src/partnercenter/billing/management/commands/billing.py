"""`partnercenter billing run --as-of YYYY-MM-DD [--json]`: issue the invoices that are due.

Idempotent per period: running it twice (or two at once) issues each invoice once,
numbered without gaps. A bad date is a message and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnercenter.billing.jobs import billing_run_job
from partnercenter.programs.selectors import NoEdition


def _day(value: str | None) -> date:
    if value is None:
        from django.utils import timezone

        return timezone.now().date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date (use YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Billing: `run` issues every subscription's invoice for the periods begun by a date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="run")
        run = sub.add_parser("run", help="Issue the invoices due as of a date (idempotent).")
        run.add_argument("--as-of", help="YYYY-MM-DD (default: today, UTC)")
        run.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args: Any, **opts: Any) -> None:
        as_of = _day(opts.get("as_of"))
        try:
            result = billing_run_job(as_of)
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        if opts.get("json"):
            self.stdout.write(json.dumps({"as_of": as_of.isoformat(), **result}))
            return
        self.stdout.write(
            f"Billing run as of {as_of}: {result['invoices_issued']} invoice(s) issued for "
            f"{result['subscriptions']} subscription(s) due; "
            f"{result['plans_changed']} plan change(s) applied."
        )
