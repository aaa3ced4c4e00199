"""`partnercenter leads route ID [--json]`: the routing explanation of every step of a lead.

A lead never routed is routed first; routing again changes nothing (idempotent).
An unknown ID is a message and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnercenter.leads.models import Lead
from partnercenter.leads.services import lead_route
from partnercenter.programs.selectors import NoEdition


class Command(BaseCommand):
    help = "Leads: `route ID` prints how a lead was routed (routing it first if it never was)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="route")
        route = sub.add_parser("route", help="Route a lead (once) and print every step.")
        route.add_argument("lead_id", help="The lead's id.")
        route.add_argument("--json", action="store_true", help="Print the steps as JSON.")

    def handle(self, *args: Any, **opts: Any) -> None:
        raw = str(opts["lead_id"])
        lead = Lead.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if lead is None:
            raise CommandError(f"No lead {raw!r}.")
        try:
            result = lead_route(lead=lead)
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        steps = [
            {
                "seq": s.seq,
                "kind": s.kind,
                "partner": s.partner.slug if s.partner else None,
                "explanation": s.explanation,
                "offered_at": s.offered_at.isoformat() if s.offered_at else None,
                "answer_by": s.answer_by.isoformat() if s.answer_by else None,
                "outcome": s.outcome,
                "reason": s.reason,
            }
            for s in result.steps
        ]
        lead = result.lead
        if opts.get("json"):
            body = {
                "id": lead.pk,
                "status": lead.status,
                "partner": lead.partner.slug if lead.partner else None,
                "steps": steps,
            }
            self.stdout.write(json.dumps(body, indent=2))
            return
        self.stdout.write(f"Lead {lead.pk}: {lead.get_status_display()}")
        for s in steps:
            outcome = f" [{s['outcome']}]" if s["outcome"] else ""
            self.stdout.write(f"  {s['seq']}. {s['explanation']}{outcome}")
