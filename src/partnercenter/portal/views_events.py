"""Portal "Events": upcoming events with places left, registering the partner's people
(a partner admin registers colleagues, a member themself), cancelling, the `.ics`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.events import selectors
from partnercenter.events.errors import EventError
from partnercenter.events.ics import event_ics
from partnercenter.events.services import registration_cancel, registration_create
from partnercenter.partners.models import Person, Role
from partnercenter.portal.access import portal_view


@portal_view()
def events(request: HttpRequest, person: Person) -> HttpResponse:
    """Upcoming events (register people), and the partner's registrations with attendance."""
    today = timezone.now().date()
    partner = person.partner
    registrations = list(selectors.partner_registrations(partner)[:200])
    live = {(r.event_id, r.person_id) for r in registrations if r.cancelled_at is None}
    attended = selectors.partner_attended(partner)
    for r in registrations:
        r.attended = (r.event_id, r.person_id) in attended  # type: ignore[attr-defined]
    upcoming = list(selectors.upcoming_events(today)[:100])
    if person.role == Role.ADMIN:
        candidates = list(partner.people.order_by("name", "pk"))
    else:
        candidates = [person]
    rows = [
        {
            "event": e,
            "left": max(e.capacity - getattr(e, "taken", 0), 0),
            "choices": [p for p in candidates if (e.pk, p.pk) not in live],
        }
        for e in upcoming
    ]
    return render(
        request,
        "portal/events.html",
        {
            "person": person,
            "rows": rows,
            "registrations": registrations,
            "today": today,
            "is_admin": person.role == Role.ADMIN,
        },
    )


@require_POST
@portal_view()
def event_register(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    try:
        reg = registration_create(
            by=person, event_id=pk, person_id=request.POST.get("person_id") or person.pk
        )
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{reg.person.name} is registered for {reg.event.title}; "
            "the confirmation with the calendar file is on its way.",
        )
    return redirect("portal:events")


@require_POST
@portal_view()
def event_registration_cancel(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    try:
        reg = registration_cancel(by=person, registration_id=pk)
    except EventError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{reg.person.name}'s registration is cancelled.")
    return redirect("portal:events")


@portal_view()
def event_ics_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """An event's calendar file."""
    event = selectors.event_by_id(pk)
    if event is None:
        raise Http404
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
