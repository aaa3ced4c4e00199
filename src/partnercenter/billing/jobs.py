"""The scheduled entry points of billing; the scheduler calls exactly these names.

Each is idempotent for its date: running it twice issues, reminds or ends nothing twice.
"""

from __future__ import annotations

from datetime import date

from partnercenter.billing.dunning import invoice_reminders_send, unpaid_plans_lapse
from partnercenter.billing.services import billing_run


def billing_run_job(as_of: date) -> dict[str, int]:
    """Issue the invoices of every period begun by `as_of` (and apply waiting plan changes)."""
    return billing_run(as_of=as_of).as_dict()


def invoice_reminders_job(as_of: date) -> dict[str, int]:
    """Remind unpaid invoices on the edition's days after their due date."""
    result = invoice_reminders_send(as_of=as_of)
    return {"invoices": result.invoices, "emails": result.emails}


def unpaid_plans_lapse_job(as_of: date) -> dict[str, int]:
    """End the plans whose invoice stayed unpaid past the edition's grace days."""
    return {"ended": unpaid_plans_lapse(as_of=as_of).ended}
