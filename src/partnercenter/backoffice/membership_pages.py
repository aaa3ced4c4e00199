"""Back-office membership: the partner page's membership panel, notice and breach actions,
the dashboard's membership lists (under notice, lapsing soon, overdue logo deadlines) and
the scheduler's recent runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.audit.services import audit_record
from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms_membership import NoticeForm, TerminateForm
from partnercenter.domain.membership import describe, notice_end
from partnercenter.errors import Refusal
from partnercenter.membership import selectors
from partnercenter.membership.services import (
    logo_deadline_resolve,
    notice_give,
    notice_withdraw,
    partner_terminate_now,
)
from partnercenter.partners.models import Notice, Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import Standing
from partnercenter.staffroles.roles import MANAGE_PROGRAM
from partnercenter.standing.cache import program_cached


def membership_context(
    partner: Partner,
    today: date,
    standing: Standing,
    notice: NoticeForm | None,
    terminate: TerminateForm | None,
) -> dict[str, Any]:
    """What the partner page shows of the membership, and its two forms."""
    state = selectors.membership_state(
        partner, today, level=standing.decision.level, points=standing.decision.facts.points
    )
    can_notice = partner.status == "active" and not partner.ends_on
    return {
        "m": state,
        "m_words": describe(state),
        "notice_form": notice or (NoticeForm() if can_notice else None),
        "notice_ends_if_today": notice_end(today, edition_at(today)),
        "terminate_form": terminate
        or (TerminateForm() if partner.status in ("active", "lapsed", "suspended") else None),
    }


def membership_dashboard(today: date) -> dict[str, Any]:
    """The program dashboard's membership lists."""
    return {
        "under_notice": list(selectors.partners_under_notice()[:50]),
        # Every candidate's membership state (up to 2,000): 0.2 s at 10,000 partners, so
        # recomputed at most every few minutes (standing.cache.program_cached; the page says so).
        "lapsing": program_cached("lapsing-soon", today, lambda: _lapsing(today)),
        "overdue": list(selectors.logo_deadlines_overdue(today)[:100]),
    }


def _lapsing(today: date) -> list[tuple[Partner, date | None, str]]:
    return [
        (
            p,
            st.lapses_on,
            "validity ends"
            if p.valid_until and st.lapses_on and st.lapses_on > p.valid_until
            else "no paid plan nor points path",
        )
        for p, st in selectors.partners_lapsing_soon(today)[:50]
    ]


def _refused(request: HttpRequest, partner: Partner, **forms: Any) -> HttpResponse:
    from partnercenter.backoffice.views import _partner_page

    return _partner_page(request, partner, status=400, **forms)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def partner_notice(request: HttpRequest, slug: str) -> HttpResponse:
    """7x gives notice; the partner's admins are mailed; it ends after the notice days."""
    partner = get_object_or_404(Partner, slug=slug)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                partner = notice_give(
                    partner=partner,
                    by="vendor",
                    on=timezone.now().date(),
                    reason=form.cleaned_data["reason"],
                )
                audit_record(
                    actor=staff_user(request),
                    action="membership.notice",
                    target=partner,
                    details={"reason": form.cleaned_data["reason"], "ends_on": partner.ends_on},
                )
        except Refusal as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"Notice given; the membership ends on {partner.ends_on:%d %B %Y}."
            )
            return redirect("backoffice:partner", slug=slug)
    return _refused(request, partner, notice=form)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def partner_notice_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """Withdraw a running notice (either side's, at the partner's or 7x's request)."""
    partner = get_object_or_404(Partner, slug=slug)
    try:
        with transaction.atomic():
            notice_withdraw(partner=partner, on=timezone.now().date())
            audit_record(
                actor=staff_user(request), action="membership.notice_withdraw", target=partner
            )
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Notice withdrawn; the membership continues.")
    return redirect("backoffice:partner", slug=slug)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def partner_terminate(request: HttpRequest, slug: str) -> HttpResponse:
    """Terminate for breach at once (a reason is required)."""
    partner = get_object_or_404(Partner, slug=slug)
    form = TerminateForm(request.POST)
    if form.is_valid():
        try:
            partner_terminate_now(
                partner=partner, staff_user=staff_user(request), reason=form.cleaned_data["reason"]
            )
        except Refusal as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "The partner is terminated; the final statement is issued.")
            return redirect("backoffice:partner", slug=slug)
    return _refused(request, partner, terminate=form)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def logo_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff checked the partner's logo use: the overdue deadline is resolved."""
    notice = get_object_or_404(Notice, pk=pk, kind__in=selectors.LOGO_NOTICE_KINDS)
    try:
        logo_deadline_resolve(notice=notice, staff_user=staff_user(request))
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Logo deadline of {notice.partner.name} resolved.")
    return redirect("backoffice:dashboard")


@staff_view(perm=MANAGE_PROGRAM)
def scheduler(request: HttpRequest) -> HttpResponse:
    """The scheduler's recent runs: job, period, status, result or error."""
    from partnercenter.membership.scheduler import JOBS

    return render(
        request,
        "backoffice/scheduler.html",
        {"runs": selectors.scheduler_runs(), "jobs": JOBS},
    )
