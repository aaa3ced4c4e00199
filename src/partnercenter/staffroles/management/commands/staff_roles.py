"""`partnercenter staff_roles list | grant EMAIL ROLE... | revoke EMAIL ROLE...`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnercenter.audit.services import audit_record
from partnercenter.staffroles.errors import UnknownRole
from partnercenter.staffroles.roles import ROLE_BY_SLUG
from partnercenter.staffroles.selectors import staff_with_roles
from partnercenter.staffroles.services import role_grant


class Command(BaseCommand):
    help = "List staff and their roles, or grant/revoke roles (" + ", ".join(ROLE_BY_SLUG) + ")."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "grant", "revoke"])
        parser.add_argument("email", nargs="?")
        parser.add_argument("roles", nargs="*")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            for row in staff_with_roles():
                roles = ", ".join(row["roles"]) or "no role"
                extra = " (superuser: everything)" if row["superuser"] else ""
                self.stdout.write(f"{row['user'].get_username()}: {roles}{extra}")
            return
        if not opts["email"] or not opts["roles"]:
            raise CommandError(f"Name the user and at least one role ({', '.join(ROLE_BY_SLUG)}).")
        user = get_user_model().objects.filter(username=opts["email"]).first()
        if user is None:
            raise CommandError(f"No user {opts['email']!r}.")
        try:
            if opts["action"] == "grant":
                role_grant(user=user, roles=opts["roles"])
            else:
                unknown = [r for r in opts["roles"] if r not in ROLE_BY_SLUG]
                if unknown:
                    raise UnknownRole(
                        f"No staff role {unknown[0]!r}; the roles are: {', '.join(ROLE_BY_SLUG)}."
                    )
                names = [ROLE_BY_SLUG[r].name for r in opts["roles"]]
                user.groups.remove(*Group.objects.filter(name__in=names))
        except UnknownRole as exc:
            raise CommandError(exc.message) from None
        audit_record(
            actor="command",
            action=f"staff.role_{opts['action']}",
            target=("user", user.pk, user.get_username()),
            details={"roles": opts["roles"]},
        )
        done = "Granted" if opts["action"] == "grant" else "Revoked"
        self.stdout.write(f"{done} {', '.join(opts['roles'])} for {user}.")
