"""Billing services: choosing a plan, the billing run (once per period), payments, voids,
the Kick-Off Package, reminders and the lapse of unpaid plans."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnercenter.billing.dunning import invoice_reminders_send, unpaid_plans_lapse
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
from partnercenter.billing.jobs import (
    billing_run_job,
    invoice_reminders_job,
    unpaid_plans_lapse_job,
)
from partnercenter.billing.models import (
    CreditNote,
    Invoice,
    InvoiceStatus,
    Payment,
    Subscription,
    SubscriptionStatus,
)
from partnercenter.billing.services import (
    billing_run,
    invoice_void,
    kick_off_package_buy,
    payment_record,
    plan_choose,
)
from partnercenter.documents.models import DocumentKind
from partnercenter.ledger.models import Entry
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner

pytestmark = pytest.mark.django_db

JAN10 = date(2026, 1, 10)


def _state(partner):
    partner = Partner.objects.get(pk=partner.pk)
    return (
        partner.plan,
        partner.plan_paid_until,
        partner.status,
        list(Subscription.objects.values_list("pk", "plan", "next_plan", "status")),
        list(Invoice.objects.values_list("number", "status")),
        Payment.objects.count(),
        Entry.objects.count(),
        CreditNote.objects.count(),
    )


def _pay(invoice, on=None, ref="BANK-1", source="staff"):
    return payment_record(
        invoice=invoice,
        amount_cents=invoice.total_cents,
        paid_on=on or invoice.issued_on,
        reference=ref,
        source=source,
    )


def test_first_choice_starts_a_subscription_issues_the_first_invoice_and_activates(acme):
    # Given an applicant with a signed contract
    # When its admin chooses Silver
    choice = plan_choose(partner=acme, plan="silver", on=JAN10)
    # Then a monthly subscription starts and its first invoice is issued at once
    sub = choice.subscription
    assert (sub.plan, sub.period, sub.current_period_start, sub.current_period_end) == (
        "silver",
        "month",
        JAN10,
        date(2026, 2, 9),
    )
    invoice = choice.invoice
    assert invoice.number == "2026-000001"
    assert invoice.total_cents == 80_000
    assert invoice.due_on == date(2026, 1, 24)
    assert invoice.document.kind == DocumentKind.INVOICE
    assert bytes(invoice.document.pdf).startswith(b"%PDF")
    assert list(invoice.lines.values_list("quantity", "unit_cents")) == [(1, 80_000)]
    acme.refresh_from_db()
    assert (acme.plan, acme.status, acme.plan_paid_until) == ("silver", "active", None)
    assert Message.objects.filter(kind="invoice_issued", to_email="ada@acme.test").count() == 1


def test_the_program_fee_plan_is_billed_yearly_below_the_points_path(acme):
    choice = plan_choose(partner=acme, plan="now", on=JAN10)
    assert choice.subscription.period == "year"
    assert choice.subscription.current_period_end == date(2027, 1, 9)
    assert choice.invoice.total_cents == 12 * 4_500
    assert list(choice.invoice.lines.values_list("quantity", "unit_cents")) == [(12, 4_500)]


@pytest.mark.parametrize(
    ("plan", "error"),
    [("diamond", UnknownPlan), ("", UnknownPlan), ("student", PlanNotAllowed)],
)
def test_a_plan_the_partner_may_not_take_is_refused_and_nothing_changes(acme, plan, error):
    before = _state(acme)
    with pytest.raises(error) as info:
        plan_choose(partner=acme, plan=plan, on=JAN10)
    assert info.value.field == "plan"
    assert _state(acme) == before


def test_a_student_enrolment_may_take_the_student_plan(acme):
    acme.student = True
    acme.save()
    assert plan_choose(partner=acme, plan="student", on=JAN10).invoice.total_cents == 2_500


def test_a_change_while_subscribed_waits_for_the_next_period(acme):
    plan_choose(partner=acme, plan="silver", on=JAN10)
    choice = plan_choose(partner=acme, plan="gold", on=date(2026, 1, 20))
    assert choice.invoice is None
    assert choice.takes_effect_on == date(2026, 2, 10)
    sub = Subscription.objects.get()
    assert (sub.plan, sub.next_plan) == ("silver", "gold")
    acme.refresh_from_db()
    assert acme.plan == "silver"
    # Choosing the same again changes nothing
    with pytest.raises(PlanUnchanged):
        plan_choose(partner=acme, plan="gold", on=date(2026, 1, 21))
    # At the next period the change applies, and the invoice is for Gold
    result = billing_run(as_of=date(2026, 2, 10))
    assert (result.invoices_issued, result.plans_changed) == (1, 1)
    sub.refresh_from_db()
    acme.refresh_from_db()
    assert (sub.plan, sub.next_plan, acme.plan) == ("gold", "", "gold")
    assert Invoice.objects.get(number="2026-000002").total_cents == 100_000


def test_choosing_the_current_plan_cancels_a_waiting_change(acme):
    plan_choose(partner=acme, plan="silver", on=JAN10)
    plan_choose(partner=acme, plan="gold", on=JAN10)
    plan_choose(partner=acme, plan="silver", on=JAN10)
    assert Subscription.objects.get().next_plan == ""


def test_the_billing_run_issues_each_period_once(acme):
    plan_choose(partner=acme, plan="silver", on=JAN10)
    # Nothing is due before the first period ends
    assert billing_run(as_of=date(2026, 2, 9)).invoices_issued == 0
    # The run on the next period's first day issues its invoice, and again issues nothing
    assert billing_run(as_of=date(2026, 2, 10)).invoices_issued == 1
    assert billing_run(as_of=date(2026, 2, 10)).invoices_issued == 0
    assert billing_run_job(date(2026, 2, 15)) == {
        "subscriptions": 0,
        "invoices_issued": 0,
        "plans_changed": 0,
    }
    # A late run catches up every missed period, each once
    assert billing_run(as_of=date(2026, 5, 10)).invoices_issued == 3
    periods = list(Invoice.objects.order_by("sequence").values_list("period_start", flat=True))
    assert periods == [
        JAN10,
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 10),
        date(2026, 5, 10),
    ]
    numbers = list(Invoice.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == [f"2026-{n:06d}" for n in range(1, 6)]


def test_numbers_start_again_each_calendar_year(acme):
    plan_choose(partner=acme, plan="silver", on=date(2025, 12, 20))
    billing_run(as_of=date(2026, 1, 20))
    assert list(Invoice.objects.order_by("issued_on").values_list("number", flat=True)) == [
        "2025-000001",
        "2026-000001",
    ]


def test_payment_marks_paid_and_extends_paid_until_without_points(acme):
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    payment = _pay(invoice, on=date(2026, 1, 15))
    invoice.refresh_from_db()
    acme.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (InvoiceStatus.PAID, date(2026, 1, 15))
    assert acme.plan_paid_until == date(2026, 2, 9)
    # A partner's own plan payment earns no points and no revenue
    assert Entry.objects.count() == 0
    # The same reference again is the same payment
    assert _pay(invoice) == payment
    assert Message.objects.filter(kind="invoice_paid").count() == 1


@pytest.mark.parametrize(
    ("amount", "ref", "error", "field"),
    [(79_999, "X1", WrongAmount, "amount_cents"), (80_001, "X1", WrongAmount, "amount_cents")],
)
def test_a_wrong_amount_is_refused_and_nothing_changes(acme, amount, ref, error, field):
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    before = _state(acme)
    with pytest.raises(error) as info:
        payment_record(
            invoice=invoice, amount_cents=amount, paid_on=JAN10, reference=ref, source="staff"
        )
    assert info.value.field == field
    assert _state(acme) == before


def test_paying_twice_is_refused(acme):
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    _pay(invoice, ref="A")
    before = _state(acme)
    with pytest.raises(InvoiceNotOpen):
        _pay(invoice, ref="B")
    assert _state(acme) == before


def test_a_reference_used_for_another_invoice_is_refused(acme, make_partner):
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    other = make_partner("globex", status="active")
    second = plan_choose(partner=other, plan="basic", on=JAN10).invoice
    _pay(invoice, ref="SAME")
    with pytest.raises(DuplicatePayment) as info:
        _pay(second, ref="SAME")
    assert info.value.field == "reference"


def test_void_issues_a_credit_note_and_rebuilds_paid_until(acme, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    with pytest.raises(ReasonRequired):
        invoice_void(invoice=invoice, reason=" ", user=staff)
    _pay(invoice)
    note = invoice_void(invoice=invoice, reason="Charged twice", user=staff, on=date(2026, 1, 20))
    invoice.refresh_from_db()
    acme.refresh_from_db()
    assert note.number == "CN-2026-000001"
    assert note.amount_cents == invoice.total_cents
    assert note.document.kind == DocumentKind.CREDIT_NOTE
    assert invoice.status == InvoiceStatus.VOID
    assert invoice.total_cents == 80_000  # the invoice itself is never edited
    assert acme.plan_paid_until is None
    with pytest.raises(InvoiceNotOpen):
        invoice_void(invoice=invoice, reason="again", user=staff)


def test_kick_off_package_posts_its_points_once_when_paid(acme):
    acme.current_level = "starter"
    acme.save()
    invoice = kick_off_package_buy(partner=acme, on=JAN10)
    assert invoice.total_cents == 290_000
    assert kick_off_package_buy(partner=acme, on=JAN10) == invoice  # an open one is returned
    _pay(invoice, on=date(2026, 1, 12))
    _pay(invoice, on=date(2026, 1, 12))  # a retried notice posts nothing more
    entry = Entry.objects.get()
    assert (entry.activity, entry.points, entry.source) == ("kick_off_package", 15_000, "system")
    assert entry.idempotency_key == f"kop:invoice:{invoice.number}"
    with pytest.raises(KickOffAlreadyBought):
        kick_off_package_buy(partner=acme, on=JAN10)


def test_kick_off_package_is_refused_above_the_eligible_levels(acme):
    acme.current_level = "silver"
    acme.save()
    before = _state(acme)
    with pytest.raises(KickOffNotEligible):
        kick_off_package_buy(partner=acme, on=JAN10)
    assert _state(acme) == before


def test_reminders_go_out_once_on_each_edition_day(acme):
    plan_choose(partner=acme, plan="silver", on=JAN10)  # due 24 Jan
    assert invoice_reminders_send(as_of=date(2026, 1, 26)).emails == 0
    assert invoice_reminders_job(date(2026, 1, 27)) == {"invoices": 1, "emails": 1}
    assert invoice_reminders_send(as_of=date(2026, 1, 28)).emails == 0
    assert invoice_reminders_send(as_of=date(2026, 2, 3)).emails == 1
    assert invoice_reminders_send(as_of=date(2026, 2, 4)).emails == 0
    keys = sorted(Message.objects.filter(kind="invoice_reminder").values_list("key", flat=True))
    assert keys == [
        "invoice_reminder:2026-000001:10:ada@acme.test",
        "invoice_reminder:2026-000001:3:ada@acme.test",
    ]


def test_a_paid_invoice_is_not_reminded(acme):
    _pay(plan_choose(partner=acme, plan="silver", on=JAN10).invoice)
    assert invoice_reminders_send(as_of=date(2026, 2, 3)).emails == 0


def test_an_invoice_unpaid_past_grace_ends_the_plan(acme):
    plan_choose(partner=acme, plan="silver", on=JAN10)  # due 24 Jan, grace 30 days
    assert unpaid_plans_lapse(as_of=date(2026, 2, 22)).ended == 0
    assert unpaid_plans_lapse_job(date(2026, 2, 23)) == {"ended": 1}
    assert unpaid_plans_lapse(as_of=date(2026, 2, 24)).ended == 0
    sub = Subscription.objects.get()
    acme.refresh_from_db()
    assert (sub.status, sub.ended_on) == (SubscriptionStatus.ENDED, date(2026, 2, 23))
    assert acme.plan == ""
    assert Message.objects.filter(kind="plan_lapsed").count() == 1
    # An ended subscription is billed no more
    assert billing_run(as_of=date(2026, 3, 10)).invoices_issued == 0


def test_a_payment_dated_in_the_future_is_refused(acme):
    invoice = plan_choose(partner=acme, plan="silver", on=JAN10).invoice
    before = _state(acme)
    with pytest.raises(InvalidPayment) as info:
        _pay(invoice, on=date.today() + timedelta(days=3))
    assert info.value.field == "paid_on"
    assert _state(acme) == before


@pytest.mark.parametrize("status", ["terminated", "suspended"])
def test_a_closed_partner_chooses_no_plan(acme, status):
    acme.status = status
    acme.save()
    before = _state(acme)
    with pytest.raises(PartnerNotBillable):
        plan_choose(partner=acme, plan="silver", on=JAN10)
    assert _state(acme) == before
