"""Portal billing: the plan choice on "Plan & benefits", invoices and their PDFs, card payment.

Every person of the partner sees; only a partner admin chooses, buys or pays.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from partnercenter.billing import selectors as billing
from partnercenter.billing.issuing import card_payments_enabled, how_to_pay
from partnercenter.billing.services import kick_off_eligible, kick_off_package_buy, plan_choose
from partnercenter.billing.stripe_checkout import checkout_url
from partnercenter.documents.models import Document
from partnercenter.entitlements.selectors import quotas_of, revenue_progress
from partnercenter.errors import Refusal
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at
from partnercenter.standing import selectors
from partnercenter.standing.cache import standing_cached


def _points(partner: Partner, today: date) -> int:
    """The window's points up to now: today's entries count, as on the dashboard
    (`standing_now`), and as `plan_choose` counts them when it picks the billing period."""
    return selectors.standing_now(partner, today).decision.facts.points


def _plan_context(person: Person, error: Refusal | None = None) -> dict[str, Any]:
    """Everything the plan page shows, read live (kept by `plan`, shown again on a refusal)."""
    today = timezone.now().date()
    edition = edition_at(today)
    partner = person.partner
    points = _points(partner, today)
    subscription = billing.subscription_active(partner)
    return {
        "person": person,
        "p": selectors.plan_and_benefits(partner, edition, today),
        "is_admin": person.role == Role.ADMIN,
        "options": billing.plan_options(partner, edition, points, subscription=subscription),
        "subscription": subscription,
        "change_on": subscription.current_period_end + timedelta(days=1) if subscription else None,
        "points": points,
        "membership": edition.membership,
        "points_path_level": edition.level(edition.membership.points_path_level).name
        if edition.has_level(edition.membership.points_path_level)
        else edition.membership.points_path_level,
        "kick_off": edition.kick_off_package,
        "kick_off_eligible": kick_off_eligible(partner, edition),
        "kick_off_points": edition.activity(edition.kick_off_package.activity).points
        if edition.has_activity(edition.kick_off_package.activity)
        else 0,
        "error": error,
        "ent_quotas": quotas_of(partner, timezone.now()),
        "ent_revenue": revenue_progress(partner, timezone.now()),
    }


CSRF_SLOT = "csrf-slot-9f1c2e7a"
"""Stands for the CSRF token in a kept rendering; each response gets its own token."""


def _plan_parts(person: Person) -> tuple[str, str]:
    """The plan page's two parts, rendered: level and benefits; membership, quotas and the
    plans to choose (with `CSRF_SLOT` where each response puts its own token)."""
    context = _plan_context(person)
    return (
        render_to_string("portal/_plan_body.html", context),
        render_to_string("portal/_plan_live.html", {**context, "csrf_token": CSRF_SLOT}),
    )


@portal_view()
def plan(request: HttpRequest, person: Person) -> HttpResponse:
    """What the partner's level gives, its plan and subscription, and the plans to choose from.

    The whole page body is rendered once per change and kept with the partner's standing
    (`standing.cache`, one cache read on a repeat load; issue 14): its key holds the
    partner's row (plan, paid date, level, status, student), the day (quota periods and
    the edition in force follow the day), the person's role (the choice buttons) and the
    tokens, which ledger postings, reviews, editions, and every billing write the page
    shows (a subscription started, changed, advanced, carried over or ended; a quota
    used or given back) replace.
    """
    partner, today = person.partner, timezone.now().date()
    body, choice = standing_cached(
        f"plan-page:{person.role}", partner, today, lambda: _plan_parts(person)
    )
    if CSRF_SLOT in choice:
        choice = choice.replace(CSRF_SLOT, get_token(request))
    context = {
        "person": person,
        "body": mark_safe(body),  # noqa: S308  (rendered by the template engine above)
        "choice": mark_safe(choice),  # noqa: S308  (the same, with this response's token)
    }
    return render(request, "portal/plan.html", context)


@require_POST
@portal_view(admin=True)
def plan_choose_view(request: HttpRequest, person: Person) -> HttpResponse:
    """A partner admin chooses (or changes) the plan."""
    try:
        choice = plan_choose(
            partner=person.partner, plan=request.POST.get("plan", ""), on=timezone.now().date()
        )
    except Refusal as exc:
        return render(request, "portal/plan.html", _plan_context(person, exc), status=400)
    if choice.invoice is not None:
        messages.success(
            request,
            f"Your {choice.subscription.plan.title()} plan has started. "
            f"Invoice {choice.invoice.number} is ready below.",
        )
        return redirect("portal:invoices")
    if choice.subscription.next_plan:
        messages.success(
            request,
            f"Your plan changes to {choice.subscription.next_plan.title()} on "
            f"{choice.takes_effect_on:%d %B %Y}, when the current period ends.",
        )
    else:
        messages.success(request, "The waiting plan change is cancelled.")
    return redirect("portal:plan")


@require_POST
@portal_view(admin=True)
def kick_off_buy(request: HttpRequest, person: Person) -> HttpResponse:
    """A partner admin buys the Kick-Off Package: an invoice whose payment posts its points."""
    try:
        invoice = kick_off_package_buy(partner=person.partner, on=timezone.now().date())
    except Refusal as exc:
        return render(request, "portal/plan.html", _plan_context(person, exc), status=400)
    messages.success(request, f"Invoice {invoice.number} for the Kick-Off Package is ready.")
    return redirect("portal:invoices")


@portal_view()
def invoices(request: HttpRequest, person: Person) -> HttpResponse:
    """The partner's invoices with their PDFs and status, and how to pay the open ones."""
    rows = list(billing.partner_invoices(person.partner))
    today = timezone.now().date()
    return render(
        request,
        "portal/invoices.html",
        {
            "person": person,
            "invoices": rows,
            "today": today,
            "has_open": any(i.status == "open" for i in rows),
            "pay": how_to_pay(""),
            "card": card_payments_enabled(),
            "is_admin": person.role == Role.ADMIN,
            "subscription": billing.subscription_active(person.partner),
            "paid_until": person.partner.plan_paid_until,
        },
    )


def _pdf(document: Document | None) -> HttpResponse:
    if document is None:
        raise Http404("No PDF.")
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@portal_view()
def invoice_pdf(request: HttpRequest, person: Person, number: str) -> HttpResponse:
    invoice = billing.partner_invoice(person.partner, number)
    if invoice is None:
        raise Http404("No such invoice.")
    return _pdf(invoice.document)


@portal_view()
def credit_note_pdf(request: HttpRequest, person: Person, number: str) -> HttpResponse:
    invoice = billing.partner_invoice(person.partner, number)
    note = getattr(invoice, "credit_note", None) if invoice is not None else None
    if note is None:
        raise Http404("No credit note.")
    return _pdf(note.document)


@require_POST
@portal_view(admin=True)
def invoice_pay(request: HttpRequest, person: Person, number: str) -> HttpResponse:
    """Pay an open invoice by card: off to Stripe Checkout, back to the invoices page."""
    invoice = billing.partner_invoice(person.partner, number)
    if invoice is None:
        raise Http404("No such invoice.")
    back = request.build_absolute_uri(reverse("portal:invoices"))
    try:
        url = checkout_url(invoice=invoice, success_url=f"{back}?paid={number}", cancel_url=back)
    except Refusal as exc:
        messages.error(request, exc.message)
        return redirect("portal:invoices")
    return redirect(url)
