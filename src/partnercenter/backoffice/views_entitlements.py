"""Back-office tickets (queue by response due, reply, close), meeting slots, SLA and revenue reports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.entitlements import selectors
from partnercenter.entitlements.errors import EntitlementError
from partnercenter.entitlements.models import Meeting, Ticket
from partnercenter.entitlements.services import (
    meeting_mark,
    slot_publish,
    ticket_close,
    ticket_reply,
)
from partnercenter.staffroles.roles import MANAGE_PROGRAM, SUPPORT_PARTNERS


class AnswerForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Answer")


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts (UTC)",
        widget=forms.DateTimeInput(attrs={"placeholder": "2026-12-01 14:00"}),
        help_text="YYYY-MM-DD HH:MM",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(label="Minutes", min_value=15, max_value=240, initial=45)
    topic = forms.CharField(label="Topic", required=False, max_length=200)


def parse_month(raw: str | None, today: date) -> date | None:
    """`YYYY-MM` → its first day (this month if empty); None if malformed."""
    if not raw:
        return today.replace(day=1)
    try:
        return datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        return None


@staff_view(perm=SUPPORT_PARTNERS)
def tickets(request: HttpRequest) -> HttpResponse:
    """The queue: open tickets, soonest response due first."""
    show = "all" if request.GET.get("show") == "all" else "open"
    rows = selectors.ticket_queue(show=show)[:200]
    return render(
        request,
        "backoffice/tickets.html",
        {"rows": rows, "show": show, "now": timezone.now()},
    )


@staff_view(perm=SUPPORT_PARTNERS)
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    t = Ticket.objects.select_related("partner", "person").filter(pk=pk).first()
    if t is None:
        raise Http404("No such ticket.")
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket_reply(ticket=t, staff=staff_user(request), body=form.cleaned_data["body"])
            except EntitlementError as exc:
                form.add_error("body", exc.message)
            else:
                messages.success(request, "Answer sent.")
                return redirect("backoffice:ticket", pk=t.pk)
        status = 400
    return render(
        request,
        "backoffice/ticket.html",
        {"t": t, "thread": t.messages.select_related("person", "staff"), "form": form},
        status=status,
    )


@require_POST
@staff_view(perm=SUPPORT_PARTNERS)
def ticket_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    t = Ticket.objects.filter(pk=pk).first()
    if t is None:
        raise Http404("No such ticket.")
    invalid = request.POST.get("invalid") == "1"
    try:
        ticket_close(ticket=t, staff=staff_user(request), invalid=invalid)
    except EntitlementError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Closed as invalid; the ticket went back to the quota." if invalid else "Closed.",
        )
    return redirect("backoffice:ticket", pk=t.pk)


@staff_view(perm=SUPPORT_PARTNERS)
def slots(request: HttpRequest) -> HttpResponse:
    """Publish slots; mark booked meetings held or no-show."""
    form = SlotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            starts = form.cleaned_data["starts_at"].replace(tzinfo=UTC)
            try:
                slot_publish(
                    staff=staff_user(request),
                    starts_at=starts,
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    topic=form.cleaned_data["topic"],
                )
            except EntitlementError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Slot published.")
                return redirect("backoffice:meeting_slots")
        status = 400
    return render(
        request,
        "backoffice/meeting_slots.html",
        {"form": form, "slots": selectors.all_slots()[:100], "now": timezone.now()},
        status=status,
    )


@require_POST
@staff_view(perm=SUPPORT_PARTNERS)
def meeting_mark_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.select_related("slot", "partner").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting.")
    try:
        meeting_mark(
            meeting=meeting, staff=staff_user(request), status=request.POST.get("status", "")
        )
    except EntitlementError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Marked {meeting.get_status_display().lower()}.")
    return redirect("backoffice:meeting_slots")


@staff_view(perm=SUPPORT_PARTNERS)
def sla(request: HttpRequest) -> HttpResponse:
    """The SLA report per plan for a month; `?export=csv` downloads it."""
    today = timezone.now().date()
    month = parse_month(request.GET.get("month"), today)
    if month is None:
        return render(
            request,
            "backoffice/sla.html",
            {"rows": [], "month": today.replace(day=1), "error": "Give the month as YYYY-MM."},
            status=400,
        )
    rows = selectors.sla_report(month)
    if request.GET.get("export") == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        w = csv.writer(out)
        w.writerow(
            ["plan", "tickets", "met", "met_percent", "median_minutes", "worst_minutes", "breaches"]
        )
        for r in rows:
            w.writerow(
                [
                    r.plan,
                    r.tickets,
                    r.met,
                    r.met_percent,
                    r.median_minutes,
                    r.worst_minutes,
                    r.breaches,
                ]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sla-{month:%Y-%m}.csv"'
        return response
    return render(request, "backoffice/sla.html", {"rows": rows, "month": month, "error": ""})


@staff_view(perm=MANAGE_PROGRAM)
def revenue(request: HttpRequest) -> HttpResponse:
    """Quarter-end revenue checks against the plans' requirements (shortfalls first to read)."""
    shortfall_only = request.GET.get("show") != "all"
    return render(
        request,
        "backoffice/revenue_requirement.html",
        {
            "rows": selectors.revenue_checks(shortfall_only=shortfall_only)[:500],
            "shortfall_only": shortfall_only,
        },
    )
