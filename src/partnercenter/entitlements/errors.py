"""Named refusals of tickets and meetings; each names the field and changes nothing."""

from __future__ import annotations

from datetime import datetime

from partnercenter.errors import Refusal


class EntitlementError(Refusal):
    """A ticket or meeting action the rules refuse."""

    code = "entitlement_error"


class QuotaExhausted(EntitlementError):
    """The period's quota is used up; `resets_at` says when it comes back."""

    code = "quota_exhausted"

    def __init__(self, message: str, *, resets_at: datetime, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.resets_at = resets_at


class NoQuota(EntitlementError):
    """The partner has no paid plan bringing this entitlement; `plan` names one that does."""

    code = "no_quota"

    def __init__(self, message: str, *, plan: str = "", field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.plan = plan


class InvalidInput(EntitlementError):
    code = "invalid"


class SlotTaken(EntitlementError):
    code = "slot_taken"
    field = "slot_id"


class SlotPast(EntitlementError):
    code = "slot_past"
    field = "slot_id"


class NotYours(EntitlementError):
    """Another partner's meeting or ticket."""

    code = "not_yours"


class WrongState(EntitlementError):
    """The ticket or meeting is not in a state that allows this."""

    code = "wrong_state"
    field = "status"
