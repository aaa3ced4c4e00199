"""Why an erasure was refused (nothing was changed)."""

from __future__ import annotations

from partnercenter.errors import Refusal


class NotAllowed(Refusal):
    """Only active program staff erase personal data."""

    code = "not_allowed"


class ReasonRequired(Refusal):
    """An erasure answers a request; the reason says which."""

    code = "reason_required"
    field = "reason"


class AlreadyErased(Refusal):
    """The person's personal data was erased before."""

    code = "already_erased"
