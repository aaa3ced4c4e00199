"""Named refusals of the ledger; each message says which rule refused and why."""

from partnercenter.errors import Refusal


class LedgerError(Refusal):
    """A posting or reversal the rules refuse; nothing was written."""

    code = "ledger_error"


class UnknownActivity(LedgerError):
    code = "unknown_activity"
    field = "activity"


class InvalidPoints(LedgerError):
    code = "invalid_points"
    field = "points"


class PersonRequired(LedgerError):
    code = "person_required"
    field = "person"


class CapReached(LedgerError):
    code = "cap_reached"
    field = "activity"


class IdempotencyConflict(LedgerError):
    code = "idempotency_conflict"
    field = "idempotency_key"


class InvalidEntry(LedgerError):
    code = "invalid_entry"


class AlreadyReversed(LedgerError):
    code = "already_reversed"
    field = "entry"
