"""Billing reads: a partner's invoices and subscription, the back-office invoice list, the
plan choice the portal shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from partnercenter.billing.models import Invoice, InvoiceStatus, Subscription, SubscriptionStatus
from partnercenter.domain.billing import billing_period
from partnercenter.domain.program import Edition, Plan
from partnercenter.partners.models import Partner

FILTERS = ("open", "overdue", "paid", "void")
"""The back office's invoice filters."""


def partner_invoices(partner: Partner) -> QuerySet[Invoice]:
    """A partner's invoices, newest first, with their credit note if void."""
    return (
        Invoice.objects.filter(partner=partner)
        .select_related("document", "credit_note", "credit_note__document")
        .order_by("-issued_on", "-year", "-sequence")
    )


def invoices_open(partner: Partner) -> QuerySet[Invoice]:
    """A partner's unpaid invoices, oldest first (what a final statement lists as due)."""
    return Invoice.objects.filter(partner=partner, status="open").order_by("issued_on", "id")


def partner_invoice(partner: Partner, number: str) -> Invoice | None:
    """One of the partner's invoices by number (None for another partner's)."""
    return partner_invoices(partner).filter(number=number).first()


def invoices(*, status: str = "", today: date | None = None) -> QuerySet[Invoice]:
    """Every invoice for staff; `status` open, overdue (open past due), paid or void."""
    qs = Invoice.objects.select_related("partner", "document").order_by(
        "-issued_on", "-year", "-sequence"
    )
    if status == "overdue":
        return qs.filter(status=InvoiceStatus.OPEN, due_on__lt=today or date.today())
    if status in InvoiceStatus.values:
        return qs.filter(status=status)
    return qs


def invoice_by_number(number: str) -> Invoice | None:
    return (
        Invoice.objects.select_related("partner", "document", "subscription")
        .prefetch_related("lines", "payments")
        .filter(number=number)
        .first()
    )


def subscription_active(partner: Partner) -> Subscription | None:
    """The partner's billing subscription, if it has one."""
    return Subscription.objects.filter(partner=partner, status=SubscriptionStatus.ACTIVE).first()


UNREAD: Any = object()
"""`plan_options` reads the subscription itself."""


@dataclass(frozen=True)
class PlanOption:
    """A plan the portal offers, with whether this partner may take it and how it is billed."""

    plan: Plan
    allowed: bool
    current: bool
    next: bool
    period: str


def plan_options(
    partner: Partner, edition: Edition, points: int, *, subscription: Any = UNREAD
) -> list[PlanOption]:
    """The edition's plans in order; Student only allowed with a student enrolment.

    `subscription`: the partner's active one (or None) when the caller has read it already."""
    sub = subscription_active(partner) if subscription is UNREAD else subscription
    out = []
    for plan in edition.plans:
        student_only = edition.has_level(plan.code) and (
            edition.level(plan.code).requirement("student_enrolment") is not None
        )
        out.append(
            PlanOption(
                plan=plan,
                allowed=partner.student or not student_only,
                current=sub is not None and sub.plan == plan.code,
                next=sub is not None and sub.next_plan == plan.code,
                period=billing_period(plan.code, edition.membership, points),
            )
        )
    return out
