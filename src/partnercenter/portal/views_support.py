"""Portal "Support" and "Meetings": tickets against the plan's quota, guidance meetings, `.ics`.

Every person of the partner may open tickets and book meetings; reads go through
`person.partner`, so another partner's tickets and meetings are simply not found.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.entitlements import selectors
from partnercenter.entitlements.errors import EntitlementError, NoQuota, QuotaExhausted
from partnercenter.entitlements.ics import meeting_ics
from partnercenter.entitlements.services import (
    meeting_book,
    meeting_cancel,
    ticket_open,
    ticket_reply,
)
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at


class TicketForm(forms.Form):
    """A new support ticket: what it is about and the details."""

    subject = forms.CharField(max_length=200, label="Subject")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What do you need?",
        max_length=20000,
        help_text="Steps to reproduce, versions, what you expected.",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Your reply")


def _support_context(person: Person, form: TicketForm, error: Any = None) -> dict[str, Any]:
    now = timezone.now()
    partner = person.partner
    quota = selectors.quota_of(partner, "tickets", now)
    plan = selectors.plan_bringing(edition_at(now.date()), "tickets", partner)
    return {
        "person": person,
        "form": form,
        "quota": quota,
        "bringing": plan if quota is None else None,
        "tickets": selectors.partner_tickets(partner)[:100],
        "error": error,
    }


@portal_view()
def support(request: HttpRequest, person: Person) -> HttpResponse:
    """Open a ticket; see the remaining quota, its reset time and the partner's tickets."""
    form = TicketForm(request.POST or None)
    status, error = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket = ticket_open(
                    person=person,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except (QuotaExhausted, NoQuota) as exc:
                error = exc
            except EntitlementError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Ticket #{ticket.pk} is open.")
                return redirect("portal:ticket", pk=ticket.pk)
        status = 400
    return render(
        request, "portal/support.html", _support_context(person, form, error), status=status
    )


@portal_view()
def ticket(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """One ticket's thread and the answer; the partner may add to it."""
    t = selectors.partner_ticket(person.partner, pk)
    if t is None:
        raise Http404
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket_reply(ticket=t, person=person, body=form.cleaned_data["body"])
            except EntitlementError as exc:
                form.add_error("body", exc.message)
            else:
                return redirect("portal:ticket", pk=t.pk)
        status = 400
    thread = t.messages.select_related("person", "staff")
    return render(
        request,
        "portal/ticket.html",
        {"person": person, "t": t, "thread": thread, "form": form},
        status=status,
    )


@portal_view()
def meetings(request: HttpRequest, person: Person) -> HttpResponse:
    """Free guidance meeting slots, the partner's bookings and the meeting quota."""
    now = timezone.now()
    partner = person.partner
    quota = selectors.quota_of(partner, "meetings", now)
    return render(
        request,
        "portal/meetings.html",
        {
            "person": person,
            "quota": quota,
            "bringing": None
            if quota
            else selectors.plan_bringing(edition_at(now.date()), "meetings", partner),
            "slots": selectors.free_slots(now)[:50],
            "mine": selectors.partner_meetings(partner).order_by("-slot__starts_at")[:50],
            "now": now,
            "cancel_hours": edition_at(now.date()).entitlements.meeting_cancel_hours,
        },
    )


@require_POST
@portal_view()
def meeting_book_view(request: HttpRequest, person: Person) -> HttpResponse:
    try:
        meeting = meeting_book(person=person, slot_id=request.POST.get("slot_id"))
    except EntitlementError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Booked: {meeting.slot.starts_at:%A %d %B %Y, %H:%M} UTC. "
            "We emailed you the calendar invitation.",
        )
    return redirect("portal:meetings")


@require_POST
@portal_view()
def meeting_cancel_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    try:
        meeting_cancel(person=person, meeting_id=pk)
    except EntitlementError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The meeting is cancelled.")
    return redirect("portal:meetings")


@portal_view()
def meeting_ics_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """The booked meeting's calendar invitation."""
    meeting = selectors.partner_meetings(person.partner).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
