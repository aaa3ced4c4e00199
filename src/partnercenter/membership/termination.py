"""Termination (at the end of a notice, or at once for breach), the final statement, and the
logo deadline that follows a drop or an end: reminders, the overdue flag, staff resolving it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.billing.models import Invoice
from partnercenter.documents.models import Document, DocumentKind
from partnercenter.documents.services import document_code_new, document_store, render_pdf
from partnercenter.domain.membership import access_until, logo_reminder_due
from partnercenter.membership.errors import AlreadyResolved, NotActive, ReasonRequired
from partnercenter.membership.notify import admins_notify
from partnercenter.membership.selectors import LOGO_NOTICE_KINDS, open_invoices
from partnercenter.partners.models import Notice, Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at

ENDABLE = (PartnerStatus.ACTIVE, PartnerStatus.LAPSED, PartnerStatus.SUSPENDED)
"""Statuses a termination for breach may end (an applicant is rejected, not terminated)."""


def terminations_due(*, as_of: date) -> dict[str, int]:
    """Terminate every partner whose notice ends on or before `as_of` (on its `ends_on`).

    A terminated partner is not terminated again, so a second run does nothing.
    """
    # A partner that lapsed while under notice still ends on its notice's day.
    due = Partner.objects.filter(
        status__in=(PartnerStatus.ACTIVE, PartnerStatus.LAPSED), ends_on__lte=as_of
    ).order_by("pk")
    done = 0
    for partner in due:
        assert partner.ends_on is not None
        by = "you" if partner.notice_given_by == "partner" else "7x"
        done += _terminate(
            partner,
            on=partner.ends_on,
            reason=f"Notice given by {by} on {partner.notice_given_on:%d %B %Y} took effect.",
        )
    return {"terminated": done}


@transaction.atomic
def partner_terminate_now(*, partner: Partner, staff_user: Any, reason: str) -> Partner:
    """Terminate for breach, today, with a reason (required); staff only (the door checks)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the partner is terminated for breach.")
    if partner.status not in ENDABLE:
        raise NotActive(
            f"{partner.name} is {partner.get_status_display().lower()}; it cannot be terminated."
        )
    who = getattr(staff_user, "get_username", lambda: "staff")()
    _terminate(
        partner,
        on=timezone.now().date(),
        reason=f"Terminated for breach by {who}: {reason}",
        breach=True,
    )
    partner.refresh_from_db()
    audit_record(
        actor=staff_user,
        action="membership.terminate",
        target=partner,
        details={"reason": reason, "breach": True},
    )
    return partner


@transaction.atomic
def _terminate(partner: Partner, *, on: date, reason: str, breach: bool = False) -> int:
    """End the membership on `on`: status, level and benefits end, the logo deadline starts,
    a final statement is issued, the admins are told. Returns 1, or 0 if already ended."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status not in ENDABLE:
        return 0
    edition = edition_at(on)
    locked.status = PartnerStatus.TERMINATED
    locked.terminated_on = on
    locked.status_reason = reason
    # The level ends with the contract; the decisions keep what it was.
    locked.current_level = ""
    locked.save(update_fields=["status", "terminated_on", "status_reason", "current_level"])
    due_on = on + timedelta(days=edition.logo_grace_days)
    Notice.objects.create(
        partner=locked,
        kind="logo",
        message=(
            f"The membership of {locked.name} ended on {on:%d %B %Y}. Remove the Exponential "
            f"partner logo and level badges from your website and materials by {due_on:%d %B %Y}."
        ),
        due_on=due_on,
    )
    statement = statement_issue(partner=locked, on=on, reason=reason)
    admins_notify(
        partner=locked,
        kind="membership_terminated",
        reason=on.isoformat(),
        context={
            "reason": reason,
            "breach": breach,
            "logo_due_on": due_on,
            "access_until": access_until(on, edition),
            "statement": statement,
        },
    )
    return 1


def statement_issue(*, partner: Partner, on: date, reason: str) -> Document:
    """The final statement PDF: what is still due either way (open invoices, commissions)."""
    edition = edition_at(on)
    invoices = [_invoice_row(i) for i in open_invoices(partner)]
    from partnercenter.commissions.selectors import commissions_due

    commissions = commissions_due(partner)
    code = document_code_new()
    pdf = render_pdf(
        "membership/statement.html",
        {
            "code": code,
            "partner": partner,
            "on": on,
            "reason": reason,
            "edition": edition,
            "invoices": invoices,
            "invoices_total_cents": sum(i["amount_cents"] for i in invoices),
            "commissions": commissions,
            "commissions_total_cents": sum(c["amount_cents"] for c in commissions),
            "access_until": access_until(on, edition),
            "logo_due_on": on + timedelta(days=edition.logo_grace_days),
        },
    )
    return document_store(
        partner=partner,
        kind=DocumentKind.STATEMENT,
        title=f"Final statement — {partner.name}, {on:%d %B %Y}",
        filename=f"{partner.slug}-final-statement-{on.isoformat()}.pdf",
        pdf=pdf,
        code=code,
        edition_id=edition.edition_id,
    )


def _invoice_row(invoice: Invoice) -> dict[str, Any]:
    """An open invoice as a statement line."""
    return {
        "number": invoice.number,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "amount_cents": invoice.total_cents,
    }


def logo_deadline_reminders_send(*, as_of: date) -> dict[str, int]:
    """Remind partners of a running logo deadline (`logo_reminder_days` before it), once each."""
    edition = edition_at(as_of)
    longest = max(edition.logo_reminder_days, default=0)
    notices = Notice.objects.filter(
        kind__in=LOGO_NOTICE_KINDS,
        resolved_at__isnull=True,
        due_on__gte=as_of,
        due_on__lte=as_of + timedelta(days=longest),
    ).select_related("partner")
    sent = 0
    for notice in notices:
        assert notice.due_on is not None
        due = logo_reminder_due(notice.due_on, as_of, edition)
        if due is None:
            continue
        sent += admins_notify(
            partner=notice.partner,
            kind="logo_reminder",
            reason=f"{notice.pk}:{due}",
            context={"notice": notice, "days_left": (notice.due_on - as_of).days},
        )
    return {"sent": sent}


@transaction.atomic
def logo_deadline_resolve(*, notice: Notice, staff_user: Any) -> Notice:
    """Staff checked the logo use: the deadline is resolved and leaves the overdue list."""
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.resolved_at is not None:
        raise AlreadyResolved("This logo deadline was already resolved.")
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolved_at"])
    audit_record(
        actor=staff_user,
        action="logo_deadline.resolve",
        target=locked.partner,
        details={"notice": locked.pk, "kind": locked.kind},
    )
    return locked
