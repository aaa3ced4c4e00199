"""Why linking or unlinking an account was refused (nothing was changed)."""

from __future__ import annotations

from typing import Any

from partnercenter.errors import Refusal


class UnknownProvider(Refusal):
    """Only GitHub and the community site are linked."""

    code = "unknown_provider"
    field = "provider"


class LoginInvalid(Refusal):
    """The login is empty or not in the provider's shape."""

    code = "login_invalid"
    field = "login"


class ReasonRequired(Refusal):
    """A staff link or unlink says why."""

    code = "reason_required"
    field = "reason"


class LoginTaken(Refusal):
    """The login (or the provider's account behind it) is linked to another person."""

    code = "login_taken"
    field = "login"

    def __init__(self, message: str, *, holder: Any = None) -> None:
        super().__init__(message)
        self.holder = holder
        """The person holding it, for staff pages (never shown to another partner)."""


class AlreadyLinked(Refusal):
    """The person already has another account of this provider linked."""

    code = "already_linked"
    field = "login"


class NotLinked(Refusal):
    """The link to remove does not exist (any more)."""

    code = "not_linked"
