"""`partnercenter token create EMAIL --name NAME --scope read|write`: a new API token, shown once.

For operators and integrations: the token acts as the user it belongs to (a staff
user's token has staff rights). Only its hash is stored; the secret is printed once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnercenter.api.errors import ApiError
from partnercenter.api.models import Scope
from partnercenter.api.services import token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user (printed once; stored only as a hash)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print its secret once.")
        create.add_argument("email", help="The user's sign-in email.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument(
            "--scope",
            choices=list(Scope.values),
            default=Scope.READ,
            help="read: GET only; write: POST too (implies read).",
        )
        create.add_argument(
            "--expires-days", type=int, default=None, help="Expire after this many days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip()
        user = User.objects.filter(username__iexact=email).first() or (
            User.objects.filter(email__iexact=email).order_by("pk").first()
        )
        if user is None:
            raise CommandError(f"No user signs in as {email!r}.")
        if not user.is_active:
            raise CommandError(f"The user {email!r} is deactivated.")
        days = options["expires_days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--expires-days must be between 1 and 3650.")
        expires = timezone.now() + timedelta(days=days) if days else None
        try:
            token, secret = token_create(
                user=user, name=options["name"], scopes=[options["scope"]], expires_at=expires
            )
        except ApiError as exc:
            raise CommandError(f"{exc.field or 'token'}: {exc.message}") from None
        self.stderr.write(
            f"Token {token.name!r} for {user.username} ({', '.join(token.scopes)}"
            f"{', staff rights' if user.is_staff else ''}"
            f"{', expires ' + token.expires_at.date().isoformat() if token.expires_at else ''})."
            " Copy it now: it is not shown again."
        )
        self.stdout.write(secret)
