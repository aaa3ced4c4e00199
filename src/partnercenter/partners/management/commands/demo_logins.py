"""`partnercenter demo_logins`: print the demo accounts to sign in with."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnercenter.partners import demo
from partnercenter.staffroles.demo import ROLE_LOGINS
from partnercenter.staffroles.roles import ROLE_BY_SLUG


class Command(BaseCommand):
    help = "Print the demo logins (staff and partner people)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="the port `make run` serves on (default: $PORT, else 8000)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(
            f"\nDemo logins (http://127.0.0.1:{opts['port']}):\n"
            f"  Staff back office  /backoffice/  {demo.STAFF_EMAIL} / {demo.STAFF_PASSWORD}"
            "  (also /admin/)\n"
            f"  Partner admin      /portal/      {demo.DEMO_ADMIN_EMAIL} / {demo.PARTNER_PASSWORD}\n"
            f"  Partner member     /portal/      {demo.DEMO_MEMBER_EMAIL} / {demo.PARTNER_PASSWORD}\n"
            "Staff roles (same password as the staff account; the staff account has every role):\n"
        )
        for email, _name, role in ROLE_LOGINS:
            self.stdout.write(f"  {ROLE_BY_SLUG[role].name:<18} /backoffice/  {email}\n")
        self._second_factor()

    def _second_factor(self) -> None:
        """The demo staff's authenticator secret (development only: printed in clear)."""
        from django.conf import settings

        from partnercenter.identity.demo import demo_second_factor

        if not settings.PARTNERCENTER_DEV_DEFAULTS:
            self.stdout.write("  (Staff two-factor details are printed in development only.)\n")
            return
        found = demo_second_factor()
        if found is None:
            self.stdout.write("  Staff two-factor: not enrolled yet (run `partnercenter demo`).\n")
            return
        self.stdout.write(
            "  Staff two-factor (development only): add this secret to an authenticator app\n"
            "    (every demo staff login above shares it)\n"
            f"    secret {found.secret}   (code right now: {found.code_now})\n"
            f"    or type a recovery code once: {', '.join(found.recovery_codes)}\n"
        )
