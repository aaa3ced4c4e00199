"""Referrals: registering, progressing, expiring; payments accrue fees, refunds claw them back.

Every write runs in one transaction and either does all of its work or refuses with a
named error before writing anything. Payments and refunds are idempotent by their key
(the store order, or staff's entry), so a repeated delivery changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.commissions.errors import (
    AlreadyRegistered,
    HotCriteriaMissing,
    InvalidAmount,
    InvalidReferral,
    NotEarning,
    ReferralClosed,
    RefundTooLarge,
    UnknownPayment,
    UnknownReferral,
)
from partnercenter.commissions.models import (
    OPEN,
    CommissionEntry,
    Referral,
    ReferralPayment,
    ReferralRefund,
    ReferralStatus,
)
from partnercenter.domain import commissions as rules
from partnercenter.domain.commissions import EntryKind, Temperature
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at

REVENUE_ACTIVITY = "revenue"
"""The points ledger's activity for revenue a referral brings (1 point per USD)."""

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _who(user: Any) -> str:
    return str(getattr(user, "get_username", lambda: user or "")() or "")


def _code_new() -> str:
    """A referral code staff and the store can type: R- and 8 unambiguous characters."""
    while True:
        code = "R-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        if not Referral.objects.filter(code=code).exists():
            return code


def _check_earning(partner: Partner, what: str) -> None:
    if partner.status != PartnerStatus.ACTIVE:
        raise NotEarning(
            f"{partner.name} is {partner.get_status_display().lower()}: only active members {what}."
        )


def _check_criteria(temperature: str, criteria: list[str], on: date) -> None:
    edition = edition_at(on)
    if temperature not in (Temperature.COLD, Temperature.HOT):
        raise InvalidReferral("Choose cold or hot.", field="temperature")
    unknown = rules.unknown_criteria(edition, criteria)
    if unknown:
        raise HotCriteriaMissing(f"Unknown hot criteria: {', '.join(unknown)}.")
    if temperature == Temperature.HOT:
        missing = rules.missing_hot_criteria(edition, criteria)
        if missing:
            labels = [edition.referrals.hot_criteria[c] for c in missing]
            raise HotCriteriaMissing(
                "A hot referral needs every criterion; missing: " + ", ".join(labels) + "."
            )


def _open_clash(company_key: str, domain: str) -> AlreadyRegistered | None:
    """The refusal for a customer already held by an open registration, naming the field."""
    open_ = Referral.objects.filter(status__in=OPEN)
    if company_key and open_.filter(company_key=company_key).exists():
        return AlreadyRegistered(
            "This customer is already registered as a referral (same company name).",
            field="company",
        )
    if domain and open_.filter(email_domain=domain).exists():
        return AlreadyRegistered(
            f"A customer with e-mail domain {domain} is already registered as a referral.",
            field="contact_email",
        )
    return None


@transaction.atomic
def referral_register(
    *,
    partner: Partner,
    company: str,
    contact_name: str,
    contact_email: str,
    temperature: str = Temperature.COLD,
    hot_criteria: Iterable[str] = (),
    expected_value_cents: int = 0,
    note: str = "",
    now: datetime | None = None,
) -> Referral:
    """Register a customer the partner refers to 7x; one open registration per customer."""
    now = now or timezone.now()
    _check_earning(partner, "register referrals")
    company, contact_name, contact_email = (
        company.strip(),
        contact_name.strip(),
        contact_email.strip(),
    )
    for field, value in (("company", company), ("contact_name", contact_name)):
        if not value:
            raise InvalidReferral("This field is required.", field=field)
    if "@" not in contact_email or "." not in contact_email.rpartition("@")[2]:
        raise InvalidReferral("Enter the contact's e-mail address.", field="contact_email")
    if expected_value_cents < 0:
        raise InvalidAmount("The expected value cannot be negative.", field="expected_value")
    criteria = sorted(set(hot_criteria))
    _check_criteria(temperature, criteria, now.date())
    key, domain = rules.company_key(company), rules.email_domain(contact_email)
    if not key:
        raise InvalidReferral("Enter the company's name.", field="company")
    clash = _open_clash(key, domain)
    if clash is not None:
        raise clash
    try:
        with transaction.atomic():  # the database's unique index closes a race with a twin
            return Referral.objects.create(
                partner=partner,
                company=company,
                company_key=key,
                contact_name=contact_name,
                contact_email=contact_email,
                email_domain=domain,
                temperature=temperature,
                hot_criteria=criteria,
                expected_value_cents=expected_value_cents,
                note=note.strip(),
                code=_code_new(),
                registered_at=now,
                last_progress_at=now,
            )
    except IntegrityError:
        raise AlreadyRegistered(
            "This customer was registered as a referral a moment ago."
        ) from None


@transaction.atomic
def referral_update(
    *,
    referral: Referral,
    temperature: str | None = None,
    hot_criteria: Iterable[str] | None = None,
    status: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Referral:
    """Progress a referral: temperature and hot criteria, qualified or lost, a note.

    Any change counts as progress (the expiry clock restarts). A lost or expired
    referral does not change any more.
    """
    now = now or timezone.now()
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise ReferralClosed(f"This referral is {locked.get_status_display().lower()}.")
    temperature = temperature or locked.temperature
    criteria = sorted(set(hot_criteria)) if hot_criteria is not None else list(locked.hot_criteria)
    _check_criteria(temperature, criteria, now.date())
    if status is not None and status not in (ReferralStatus.QUALIFIED, ReferralStatus.LOST):
        raise InvalidReferral("A referral can be marked qualified or lost.", field="status")
    if status == ReferralStatus.QUALIFIED and locked.status == ReferralStatus.WON:
        raise InvalidReferral("This referral is already won.", field="status")
    locked.temperature = temperature
    locked.hot_criteria = criteria
    if status:
        locked.status = status
        if status == ReferralStatus.LOST:
            locked.closed_at = now
    if note is not None:
        locked.note = note.strip()
    locked.last_progress_at = now
    locked.save()
    return locked


def referrals_expire(*, as_of: date) -> dict[str, int]:
    """Expire registered or qualified referrals without progress for the edition's days."""
    days = edition_at(as_of).referrals.expiry_days
    cutoff = datetime.combine(as_of - timedelta(days=days), time.max, tzinfo=UTC)
    due = Referral.objects.filter(
        status__in=(ReferralStatus.REGISTERED, ReferralStatus.QUALIFIED),
        last_progress_at__lte=cutoff,
    )
    closed_at = datetime.combine(as_of, time.min, tzinfo=UTC)
    return {"expired": due.update(status=ReferralStatus.EXPIRED, closed_at=closed_at)}


def referral_by_code(code: str) -> Referral:
    """The referral with this code (case-insensitive), or UnknownReferral."""
    referral = Referral.objects.filter(code__iexact=(code or "").strip()).first()
    if referral is None:
        raise UnknownReferral(f"No referral has the code {code!r}.")
    return referral


@dataclass(frozen=True)
class PaymentResult:
    """The payment, its accrual (None if it earned nothing) and whether this call recorded it."""

    payment: ReferralPayment
    entry: CommissionEntry | None
    created: bool


def _base(referral: Referral) -> int:
    """The referral's fee base now: fee-base payments' net less their refunds' net."""
    paid = referral.payments.filter(in_fee_base=True).aggregate(s=Sum("net_cents"))["s"] or 0
    refunded = (
        ReferralRefund.objects.filter(payment__referral=referral, payment__in_fee_base=True)
        .aggregate(s=Sum("net_cents"))
        .get("s")
        or 0
    )
    return int(paid) - int(refunded)


def earned_cents(referral: Referral) -> int:
    """What the referral has earned so far: its accruals less its clawbacks."""
    total = referral.entries.filter(kind__in=(EntryKind.ACCRUAL, EntryKind.CLAWBACK)).aggregate(
        s=Sum("amount_cents")
    )["s"]
    return int(total or 0)


def _whole_cents(value: int, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidAmount("Enter a whole number of cents, 0 or more.", field=field)
    return value


def _points_sync(referral: Referral, payment: ReferralPayment) -> None:
    """Bring the payment's revenue points to its net less refunds (1 point per USD), once."""
    prefix = f"referral:{payment.key}:"
    target = payment.net_cents - sum(r.net_cents for r in payment.refunds.all())
    live = (
        Entry.objects.filter(
            idempotency_key__startswith=prefix, reverses__isnull=True, reversed_by__isnull=True
        )
        .order_by("-id")
        .first()
    )
    if live is not None:
        if live.revenue_cents == target:
            return
        entry_reverse(entry=live, reason=f"Referral {referral.code}: refunded")
    if target > 0:
        entry_post(
            partner=referral.partner,
            activity=REVENUE_ACTIVITY,
            occurred_at=payment.paid_at,
            source=Source.MONITORED,
            reason=f"Referral {referral.code}: {referral.company} paid 7x",
            idempotency_key=f"{prefix}{target}",
            revenue_cents=target,
        )


@transaction.atomic
def referral_payment_record(
    *,
    referral: Referral,
    key: str,
    gross_cents: int,
    tax_cents: int = 0,
    paid_at: datetime | None = None,
    staff_user: Any = None,
) -> PaymentResult:
    """7x was paid by a referred customer: accrue the fee once per payment key, post points.

    The fee is the edition's percent (cold or hot, as the referral stands) of the fee
    base; payments after the first `fee_base_months` months earn no fee. A lost or
    expired referral is refused; a partner that is no longer active earns nothing new.
    """
    key = (key or "").strip()
    if not key:
        raise InvalidReferral("A payment needs a reference.", field="key")
    # Lock first: two deliveries of one order wait for each other, the second finds the key.
    locked = Referral.objects.select_for_update().select_related("partner").get(pk=referral.pk)
    existing = ReferralPayment.objects.filter(key=key).first()
    if existing is not None:
        entry = CommissionEntry.objects.filter(key=f"accrual:{key}").first()
        return PaymentResult(existing, entry, created=False)
    gross = _whole_cents(gross_cents, "amount_cents")
    tax = _whole_cents(tax_cents, "tax_cents")
    if tax > gross:
        raise InvalidAmount("The tax cannot exceed the amount paid.", field="tax_cents")
    paid_at = paid_at or timezone.now()
    if locked.status in (ReferralStatus.LOST, ReferralStatus.EXPIRED):
        raise ReferralClosed(
            f"Referral {locked.code} is {locked.get_status_display().lower()}: it earns no fee."
        )
    edition = edition_at(paid_at.astimezone(UTC).date())
    first = locked.payments.order_by("paid_at").first()
    first_on = min(first.paid_at, paid_at) if first else paid_at
    counts = rules.in_fee_base(
        first_on.astimezone(UTC).date(),
        paid_at.astimezone(UTC).date(),
        edition.referrals.fee_base_months,
    )
    base_before = _base(locked)
    payment = ReferralPayment.objects.create(
        referral=locked,
        key=key,
        paid_at=paid_at,
        gross_cents=gross,
        tax_cents=tax,
        net_cents=rules.net_of_tax(gross, tax),
        in_fee_base=counts,
        recorded_by=_who(staff_user),
    )
    if locked.status != ReferralStatus.WON:
        locked.status = ReferralStatus.WON
    locked.last_progress_at = max(locked.last_progress_at, paid_at)
    locked.save(update_fields=["status", "last_progress_at"])
    entry = None
    earning = locked.partner.status == PartnerStatus.ACTIVE
    percent = rules.fee_percent(edition, locked.temperature)
    amount = rules.accrual_cents(base_before, base_before + payment.net_cents, percent)
    if counts and earning and amount > 0:
        entry = CommissionEntry.objects.create(
            partner=locked.partner,
            referral=locked,
            kind=EntryKind.ACCRUAL,
            amount_cents=amount,
            percent=percent,
            base_cents=payment.net_cents,
            booked_at=paid_at,
            key=f"accrual:{key}",
            description=(
                f"{percent} % ({locked.get_temperature_display().lower()}) of "
                f"{locked.company}'s payment {key}"
            ),
        )
    if earning:
        _points_sync(locked, payment)
    if staff_user is not None:
        audit_record(
            actor=staff_user,
            action="referral.payment",
            target=locked.partner,
            details={"referral": locked.code, "key": key, "net_cents": payment.net_cents},
        )
    return PaymentResult(payment, entry, created=True)


@dataclass(frozen=True)
class RefundResult:
    """The refund, its clawback (None if nothing was earned) and whether this call recorded it."""

    refund: ReferralRefund
    entry: CommissionEntry | None
    created: bool


@transaction.atomic
def referral_refund_record(
    *,
    payment_key: str,
    key: str,
    gross_cents: int,
    refunded_at: datetime | None = None,
    staff_user: Any = None,
) -> RefundResult:
    """7x refunded (part of) a referred customer's payment: claw back the fee on it, once.

    The clawback never exceeds what the referral earned; a refund larger than what is
    left of the payment is refused.
    """
    key = (key or "").strip()
    if not key:
        raise InvalidReferral("A refund needs a reference.", field="key")
    payment = ReferralPayment.objects.filter(key=(payment_key or "").strip()).first()
    if payment is None:
        raise UnknownPayment(f"No referral payment has the reference {payment_key!r}.")
    referral = Referral.objects.select_for_update().select_related("partner")
    locked = referral.get(pk=payment.referral_id)  # one referral's refunds run one at a time
    existing = ReferralRefund.objects.filter(key=key).first()
    if existing is not None:
        entry = CommissionEntry.objects.filter(key=f"clawback:{key}").first()
        return RefundResult(existing, entry, created=False)
    gross = _whole_cents(gross_cents, "amount_cents")
    if gross == 0:
        raise InvalidAmount("A refund must be more than 0 cents.")
    already = sum(r.gross_cents for r in payment.refunds.all())
    if already + gross > payment.gross_cents:
        left = payment.gross_cents - already
        raise RefundTooLarge(
            f"The refund is larger than the payment: at most {left} cents are left to refund."
        )
    net = rules.refund_net_of_tax(gross, payment.gross_cents, payment.tax_cents)
    base_before = _base(locked)
    refund = ReferralRefund.objects.create(
        payment=payment,
        key=key,
        gross_cents=gross,
        net_cents=net,
        refunded_at=refunded_at or timezone.now(),
        recorded_by=_who(staff_user),
    )
    entry = None
    accrual = CommissionEntry.objects.filter(key=f"accrual:{payment.key}").first()
    if payment.in_fee_base and accrual is not None:
        taken = rules.clawback_cents(
            base_before, base_before - net, accrual.percent, earned_cents(locked)
        )
        if taken > 0:
            entry = CommissionEntry.objects.create(
                partner=locked.partner,
                referral=locked,
                kind=EntryKind.CLAWBACK,
                amount_cents=-taken,
                percent=accrual.percent,
                base_cents=-net,
                booked_at=refund.refunded_at,
                key=f"clawback:{key}",
                description=f"Refund {key} of {locked.company}'s payment {payment.key}",
            )
    if Entry.objects.filter(idempotency_key__startswith=f"referral:{payment.key}:").exists():
        _points_sync(locked, payment)
    if staff_user is not None:
        audit_record(
            actor=staff_user,
            action="referral.refund",
            target=locked.partner,
            details={"referral": locked.code, "key": key, "gross_cents": gross},
        )
    return RefundResult(refund, entry, created=True)
