"""`partnercenter explain SLUG [--as-of DATE] [--json] [--with-late]`: why a partner has its level."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import NoEdition
from partnercenter.review.cli_format import parse_day, standing_json, standing_text
from partnercenter.review.selectors import partner_standing


class Command(BaseCommand):
    help = (
        "A partner's standing on any date: level, every requirement, what is missing for the "
        "next level, and the entries that made the numbers. A past date uses only the entries "
        "recorded by then, unless --with-late."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today, UTC)")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--with-late", action="store_true", help="also count entries recorded after the date"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        as_of = parse_day(opts["as_of"])
        partner = Partner.objects.filter(slug=opts["slug"]).first()
        if partner is None:
            raise CommandError(f"slug: no partner {opts['slug']!r}.")
        try:
            standing = partner_standing(partner, as_of, with_late=opts["with_late"])
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps(standing_json(standing), indent=2))
        else:
            self.stdout.write(standing_text(standing))
