"""The `.ics` of an event (RFC 5545, via icalendar): all-day dates, as events span days.

The meetings' helper in `entitlements.ics` is specific to a booked slot (a start time, a
duration, one attendee), so events have their own small one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from partnercenter.events.models import Event


def event_ics(event: Event) -> bytes:
    """One VEVENT spanning the event's days (DTEND is the day after the last, per RFC 5545)."""
    cal = Calendar()
    cal.add("prodid", "-//7x Partner Center//Events//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    item = VEvent()
    item.add("uid", f"event-{event.pk}@partnercenter")
    item.add("dtstamp", event.created_at)
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + timedelta(days=1))
    item.add("summary", event.title)
    if event.place:
        item.add("location", event.place)
    if event.description:
        item.add("description", event.description)
    item.add("url", event.online_url or f"{settings.PARTNERCENTER_SITE_URL}/portal/events/")
    cal.add_component(item)
    return bytes(cal.to_ical())
