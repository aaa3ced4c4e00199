"""Billing writes: choosing a plan, the billing run, payments, voids, the Kick-Off Package.

Each service locks what it changes (the partner or subscription row), so a
double click, a retried webhook or two concurrent runs do everything once.
A partner's own plan payments earn no points and count toward no revenue:
they only move `Partner.plan_paid_until`, the cache the tier review reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from partnercenter.audit.services import audit_record
from partnercenter.billing.errors import (
    DuplicatePayment,
    InvalidPayment,
    InvoiceNotOpen,
    KickOffAlreadyBought,
    KickOffNotEligible,
    PartnerNotBillable,
    PlanNotAllowed,
    PlanUnchanged,
    ReasonRequired,
    UnknownPlan,
    WrongAmount,
)
from partnercenter.billing.issuing import credit_note_issue, invoice_issue
from partnercenter.billing.models import (
    CreditNote,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentSource,
    Subscription,
    SubscriptionStatus,
)
from partnercenter.domain.billing import (
    Line,
    Period,
    billing_period,
    format_usd,
    period_containing,
    period_first,
    plan_change_effective,
)
from partnercenter.domain.program import Edition
from partnercenter.domain.windows import start_of_day
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.membership.services import partner_activate_if_ready
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import partner_standing
from partnercenter.standing.cache import standing_changed
from partnercenter.standing.selectors import standing_now

KIND_PLAN = "plan"
KIND_KICK_OFF = "kick_off_package"
CLOSED = (PartnerStatus.TERMINATED, PartnerStatus.SUSPENDED)


def _points(partner: Partner, on: date) -> int:
    """The window's points at `on`'s start (a period's first day, as the review counts)."""
    return partner_standing(partner, on).decision.facts.points


def _points_now(partner: Partner, on: date) -> int:
    """The window's points with `on`'s own entries counted: what the plan page shows the
    admin choosing (`portal.views_billing`), so the period billed is the one offered."""
    return standing_now(partner, on).decision.facts.points


def plan_check(*, partner: Partner, plan: str, edition: Edition) -> None:
    """Refuse a plan the edition does not have, or one this partner may not take.

    A plan named like a level that needs a student enrolment (Student) needs one.
    """
    codes = {p.code for p in edition.plans}
    if plan not in codes:
        raise UnknownPlan(f"Choose one of the program's plans ({', '.join(sorted(codes))}).")
    if edition.has_level(plan):
        needs = edition.level(plan).requirement("student_enrolment")
        if needs is not None and not partner.student:
            raise PlanNotAllowed(
                f"The {edition.plan(plan).name} needs a student (educational) enrolment."
            )


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _plan_lines(edition: Edition, plan: str, period: Period) -> list[Line]:
    row = edition.plan(plan)
    months = period.months
    what = "month" if months == 1 else "months"
    description = f"{row.name}, {_day(period.start)} – {_day(period.end)} ({months} {what})"
    return [Line(description=description, quantity=months, unit_cents=row.price_cents)]


def _issue_period(sub: Subscription, period: Period, issued_on: date) -> tuple[Invoice, bool]:
    edition = edition_at(period.start)
    return invoice_issue(
        partner=sub.partner,
        edition=edition,
        lines=_plan_lines(edition, sub.plan, period),
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=edition.billing.invoice_due_days),
        key=f"sub:{sub.pk}:{period.start.isoformat()}",
        kind=KIND_PLAN,
        subscription=sub,
        plan=sub.plan,
        period=(period.start, period.end),
    )


@dataclass(frozen=True)
class PlanChoice:
    """What choosing a plan did: the subscription, the first invoice (on a first choice)
    and the day the plan takes effect (today, or the next period for a change)."""

    subscription: Subscription
    invoice: Invoice | None
    takes_effect_on: date
    started: bool


@transaction.atomic
def plan_choose(*, partner: Partner, plan: str, on: date) -> PlanChoice:
    """The partner admin chooses a plan.

    A first choice starts a subscription and issues its first invoice at once; a change
    while subscribed waits in `next_plan` for the next period (choosing the current plan
    again cancels a waiting change). Then the applicant is activated if it is ready.
    """
    edition = edition_at(on)
    plan = (plan or "").strip().lower()
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    plan_check(partner=partner, plan=plan, edition=edition)
    if partner.status in CLOSED:
        raise PartnerNotBillable(f"A {partner.get_status_display().lower()} partner buys no plan.")
    sub = (
        Subscription.objects.select_for_update()
        .filter(partner=partner, status=SubscriptionStatus.ACTIVE)
        .first()
    )
    if sub is None:
        unit = billing_period(plan, edition.membership, _points_now(partner, on))
        period = period_first(on, unit)
        sub = Subscription.objects.create(
            partner=partner,
            plan=plan,
            period=unit,
            started_on=on,
            anchor_on=on,
            current_period_start=period.start,
            current_period_end=period.end,
        )
        invoice, _ = _issue_period(sub, period, on)
        partner.plan = plan
        partner.save(update_fields=["plan"])
        standing_changed(partner.pk)  # the plan page shows the subscription
        partner_activate_if_ready(partner=partner, on=on)
        return PlanChoice(sub, invoice, on, started=True)
    wanted = "" if plan == sub.plan else plan
    if wanted == sub.next_plan:
        raise PlanUnchanged(
            f"{edition.plan(plan).name} is already "
            + ("your plan." if not wanted else "your next plan.")
        )
    sub.next_plan = wanted
    sub.save(update_fields=["next_plan"])
    standing_changed(partner.pk)  # the plan page shows the waiting change
    effective = plan_change_effective(
        rule=edition.billing.plan_change, current_period_end=sub.current_period_end, on=on
    )
    return PlanChoice(sub, None, effective, started=False)


def subscription_carry_over(*, partner: Partner, paid_through: date | None, on: date) -> None:
    """An imported member's plan, paid in the system it comes from through `paid_through`
    (or not at all: the day before `on`): its subscription counts its periods from the day
    after, so `billing run` invoices from there on and nothing already paid is invoiced again.

    Issues no invoice itself; the caller's transaction holds the partner row it just wrote.
    """
    edition = edition_at(on)
    through = paid_through or on - timedelta(days=1)
    start = through + timedelta(days=1)
    Subscription.objects.create(
        partner=partner,
        plan=partner.plan,
        period=billing_period(partner.plan, edition.membership, _points(partner, on)),
        started_on=min(on, start),
        anchor_on=start,
        current_period_start=min(on, through),
        current_period_end=through,
    )
    standing_changed(partner.pk)  # the plan page shows the subscription


@dataclass(frozen=True)
class RunResult:
    """What a billing run did."""

    as_of: date
    subscriptions: int
    invoices_issued: int
    plans_changed: int

    def as_dict(self) -> dict[str, int]:
        return {
            "subscriptions": self.subscriptions,
            "invoices_issued": self.invoices_issued,
            "plans_changed": self.plans_changed,
        }


def billing_run(*, as_of: date) -> RunResult:
    """Issue every active subscription's invoice for each period that has begun by `as_of`,
    once per period (the key `sub:<id>:<period start>`); a waiting plan change applies
    at its period's start. Safe to run twice, or twice at once."""
    ids = list(
        Subscription.objects.filter(
            status=SubscriptionStatus.ACTIVE, current_period_end__lt=as_of
        ).values_list("pk", flat=True)
    )
    issued = changed = 0
    for pk in ids:
        for _ in range(240):  # at most 20 years of missed months in one run
            step = _advance(pk, as_of)
            if step is None:
                break
            issued += int(step[0])
            changed += int(step[1])
    return RunResult(as_of, len(ids), issued, changed)


@transaction.atomic
def _advance(pk: int, as_of: date) -> tuple[bool, bool] | None:
    """Move one subscription into its next period and invoice it; None when none is due."""
    sub = Subscription.objects.select_for_update().select_related("partner").get(pk=pk)
    if sub.status != SubscriptionStatus.ACTIVE or sub.current_period_end >= as_of:
        return None
    start = sub.current_period_end + timedelta(days=1)
    edition = edition_at(start)
    plan = sub.plan
    if sub.next_plan and sub.next_plan in {p.code for p in edition.plans}:
        plan = sub.next_plan
    unit = billing_period(plan, edition.membership, _points(sub.partner, start))
    if unit == sub.period:
        period = period_containing(sub.anchor_on, unit, start)
    else:
        period = period_first(start, unit)
        sub.anchor_on = start
    plan_changed = plan != sub.plan
    sub.plan, sub.period, sub.next_plan = plan, unit, ""
    sub.current_period_start, sub.current_period_end = period.start, period.end
    sub.save()
    standing_changed(sub.partner_id)  # the plan page shows the period and the plan
    if plan_changed:
        Partner.objects.filter(pk=sub.partner_id).update(plan=plan)
    _, created = _issue_period(sub, period, as_of)
    return created, plan_changed


def _paid_until(partner: Partner) -> date | None:
    """Rebuild the paid-through date from the paid plan invoices of the active subscription."""
    value: date | None = Invoice.objects.filter(
        partner=partner,
        kind=KIND_PLAN,
        status=InvoiceStatus.PAID,
        subscription__status=SubscriptionStatus.ACTIVE,
    ).aggregate(end=Max("period_end"))["end"]
    return value


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    amount_cents: int,
    paid_on: date,
    reference: str,
    source: str,
    user: Any = None,
) -> Payment:
    """Record that an invoice was paid in full; the same source and reference again returns
    the first payment. A plan invoice extends the partner's `plan_paid_until` to its period's
    end; a Kick-Off Package invoice posts the package's points once through the ledger."""
    reference = (reference or "").strip()
    if not reference:
        raise InvalidPayment("A payment needs a reference (bank or provider).", field="reference")
    if len(reference) > 150:
        raise InvalidPayment("A reference is at most 150 characters.", field="reference")
    if source not in PaymentSource.values:
        raise InvalidPayment(f"Unknown payment source {source!r}.", field="source")
    if paid_on > date.today() + timedelta(days=1):  # a day's grace for time zones ahead of UTC
        raise InvalidPayment("A payment date cannot be in the future.", field="paid_on")
    invoice = Invoice.objects.select_for_update().select_related("partner").get(pk=invoice.pk)
    earlier = Payment.objects.filter(source=source, reference=reference).first()
    if earlier is not None:
        if earlier.invoice_id == invoice.pk:
            return earlier
        raise DuplicatePayment(
            f"Reference {reference!r} was already recorded for invoice {earlier.invoice.number}."
        )
    if invoice.status != InvoiceStatus.OPEN:
        raise InvoiceNotOpen(f"Invoice {invoice.number} is {invoice.get_status_display().lower()}.")
    if amount_cents != invoice.total_cents:
        raise WrongAmount(
            f"Invoice {invoice.number} is {format_usd(invoice.total_cents)}; "
            f"a payment of {format_usd(amount_cents)} does not settle it."
        )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=invoice,
                amount_cents=amount_cents,
                paid_on=paid_on,
                reference=reference,
                source=source,
                recorded_by=user if getattr(user, "pk", None) else None,
            )
    except IntegrityError:
        raise DuplicatePayment(f"Reference {reference!r} was just recorded.") from None
    invoice.status, invoice.paid_on = InvoiceStatus.PAID, paid_on
    invoice.save(update_fields=["status", "paid_on"])
    partner = Partner.objects.select_for_update().get(pk=invoice.partner_id)
    if invoice.kind == KIND_PLAN:
        partner.plan_paid_until = _paid_until(partner) or partner.plan_paid_until
        partner.save(update_fields=["plan_paid_until"])
    elif invoice.kind == KIND_KICK_OFF:
        kop = edition_at(paid_on).kick_off_package
        entry_post(
            partner=partner,
            activity=kop.activity,
            occurred_at=start_of_day(paid_on),
            source=Source.SYSTEM,
            reason=f"Kick-Off Package, invoice {invoice.number}",
            idempotency_key=f"kop:invoice:{invoice.number}",
        )
    for email in partner_admin_emails(partner):
        message_queue(
            kind="invoice_paid",
            to=email,
            partner=partner,
            key=f"invoice_paid:{invoice.number}:{email}",
            context={"invoice": invoice, "partner": partner, "total": format_usd(amount_cents)},
        )
    if user is not None:  # staff by hand; a provider's webhook is not a staff action
        audit_record(
            actor=user,
            action="invoice.payment",
            target=invoice,
            details={
                "partner": partner.slug,
                "amount_cents": amount_cents,
                "paid_on": paid_on,
                "reference": reference,
                "source": source,
            },
        )
    return payment


@transaction.atomic
def invoice_void(*, invoice: Invoice, reason: str, user: Any, on: date | None = None) -> CreditNote:
    """Void an invoice with a credit note (own number and PDF); the invoice is never edited.

    A paid plan invoice no longer pays its period (the paid-through date is rebuilt);
    a paid Kick-Off Package's points are reversed in the ledger.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the invoice is voided; the credit note prints it.")
    invoice = Invoice.objects.select_for_update().select_related("partner").get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.VOID:
        raise InvoiceNotOpen(f"Invoice {invoice.number} is already void.")
    day = on or date.today()
    was_paid = invoice.status == InvoiceStatus.PAID
    invoice.status = InvoiceStatus.VOID
    invoice.save(update_fields=["status"])
    note = credit_note_issue(
        invoice=invoice, edition=edition_at(day), reason=reason, issued_on=day, user=user
    )
    partner = Partner.objects.select_for_update().get(pk=invoice.partner_id)
    if was_paid and invoice.kind == KIND_PLAN:
        partner.plan_paid_until = _paid_until(partner)
        partner.save(update_fields=["plan_paid_until"])
    if was_paid and invoice.kind == KIND_KICK_OFF:
        entry = Entry.objects.filter(idempotency_key=f"kop:invoice:{invoice.number}").first()
        if entry is not None:
            entry_reverse(entry=entry, reason=f"Invoice {invoice.number} voided: {reason}")
    for email in partner_admin_emails(partner):
        message_queue(
            kind="invoice_void",
            to=email,
            partner=partner,
            key=f"invoice_void:{invoice.number}:{email}",
            context={"invoice": invoice, "note": note, "partner": partner},
        )
    if user is not None:  # staff by hand; a provider refund is not a staff action
        audit_record(
            actor=user,
            action="invoice.void",
            target=invoice,
            details={
                "partner": partner.slug,
                "reason": reason,
                "credit_note": note.number,
                "was_paid": was_paid,
            },
        )
    return note


def _kick_off_levels(edition: Edition) -> set[str]:
    levels: set[str] = set()
    for discount in edition.discounts:
        levels |= discount.kick_off_package
    return levels


def kick_off_eligible(partner: Partner, edition: Edition) -> bool:
    """Whether the partner's current level is one the edition offers the package to."""
    return bool(partner.current_level) and partner.current_level in _kick_off_levels(edition)


@transaction.atomic
def kick_off_package_buy(*, partner: Partner, on: date) -> Invoice:
    """Buy the Kick-Off Package: an invoice whose payment posts its points once.

    Only for the levels the edition names; an open one is returned again, a paid one refused.
    """
    edition = edition_at(on)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status in CLOSED:
        raise PartnerNotBillable(f"A {partner.get_status_display().lower()} partner buys nothing.")
    if not kick_off_eligible(partner, edition):
        names = [lv.name for lv in edition.levels if lv.code in _kick_off_levels(edition)]
        raise KickOffNotEligible(
            f"The Kick-Off Package is offered to {', '.join(names)} partners only."
        )
    earlier = Invoice.objects.filter(partner=partner, kind=KIND_KICK_OFF).exclude(
        status=InvoiceStatus.VOID
    )
    open_one = earlier.filter(status=InvoiceStatus.OPEN).first()
    if open_one is not None:
        return open_one
    if earlier.exists():
        raise KickOffAlreadyBought("The Kick-Off Package was already bought and paid.")
    kop = edition.kick_off_package
    activity = edition.activity(kop.activity)
    voided = Invoice.objects.filter(partner=partner, kind=KIND_KICK_OFF).count()
    invoice, _ = invoice_issue(
        partner=partner,
        edition=edition,
        lines=[
            Line(
                description=f"{activity.name} ({activity.points:,} points when paid; "
                f"price includes {kop.discount_percent}% off)",
                quantity=1,
                unit_cents=kop.price_cents,
            )
        ],
        issued_on=on,
        due_on=on + timedelta(days=edition.billing.invoice_due_days),
        key=f"kop:{partner.pk}" + (f":{voided}" if voided else ""),
        kind=KIND_KICK_OFF,
    )
    return invoice
