"""Back-office events: create and list them, edit one until it starts, mark attendance per
registered person (which posts the participation points through the ledger)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.events import selectors
from partnercenter.events.errors import EventError
from partnercenter.events.models import Event, EventKind
from partnercenter.events.services import (
    EventFields,
    attendance_mark,
    event_create,
    event_update,
)
from partnercenter.staffroles.roles import MANAGE_PROGRAM, SUPPORT_PARTNERS
from partnercenter.standing.filters import DateInput


class EventForm(forms.Form):
    """An event's details, as staff enter them."""

    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=EventKind.choices)
    starts_on = forms.DateField(label="First day", widget=DateInput())
    ends_on = forms.DateField(label="Last day", widget=DateInput())
    place = forms.CharField(label="Place", max_length=200, required=False)
    online_url = forms.URLField(
        label="Online link", max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(label="Capacity (people)", min_value=1, max_value=10_000)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    held_in_partner_center = forms.BooleanField(
        label="Held in Partner Center (attendance marked here posts points)",
        required=False,
        initial=True,
    )


def _save(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    """Create or update from a valid form; a refusal lands on its field."""
    fields = EventFields(**form.cleaned_data)
    try:
        if event is None:
            return event_create(staff=staff_user(request), fields=fields)
        return event_update(staff=staff_user(request), event=event, fields=fields)
    except EventError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None


@staff_view(perm=(MANAGE_PROGRAM, SUPPORT_PARTNERS))
def events(request: HttpRequest) -> HttpResponse:
    """Every event with registrations and attendance; the form to create one."""
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and (event := _save(request, form, None)) is not None:
            messages.success(request, f"“{event.title}” is published.")
            return redirect("backoffice:event", pk=event.pk)
        status = 400
    return render(
        request,
        "backoffice/events.html",
        {"form": form, "events": selectors.all_events()[:200]},
        status=status,
    )


@staff_view(perm=(MANAGE_PROGRAM, SUPPORT_PARTNERS))
def event(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: edit it until it starts; its roster with attendance to mark."""
    found = selectors.event_by_id(pk)
    if found is None:
        raise Http404("No such event.")
    today = timezone.now().date()
    editable = found.starts_on > today
    initial: dict[str, Any] = {f: getattr(found, f) for f in EventForm.base_fields}
    form = EventForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, "The event has started; it can no longer be edited.")
            return redirect("backoffice:event", pk=found.pk)
        if form.is_valid() and _save(request, form, found) is not None:
            messages.success(request, "Saved.")
            return redirect("backoffice:event", pk=found.pk)
        status = 400
    return render(
        request,
        "backoffice/event.html",
        {
            "e": found,
            "form": form,
            "editable": editable,
            "started": found.starts_on <= today,
            "roster": selectors.event_roster(found),
        },
        status=status,
    )


@require_POST
@staff_view(perm=(MANAGE_PROGRAM, SUPPORT_PARTNERS))
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one registered person present (posts their participation once)."""
    try:
        att = attendance_mark(
            staff=staff_user(request), event_id=pk, person_id=request.POST.get("person_id")
        )
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        points = att.entry.points if att.entry else 0
        messages.success(
            request, f"{att.person.name} attended; {points:,} points posted to {att.partner.name}."
        )
    return redirect("backoffice:event", pk=pk)
