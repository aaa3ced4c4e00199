"""The `.ics` invitation of a booked guidance meeting (RFC 5545, via icalendar)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from partnercenter.entitlements.models import Meeting, MeetingStatus


def meeting_ics(meeting: Meeting) -> bytes:
    """One VEVENT: start, end, the partner's person as attendee; CANCELLED once cancelled."""
    cal = Calendar()
    cal.add("prodid", "-//7x Partner Center//Guidance meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST")
    slot = meeting.slot
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@partnercenter")
    event.add("dtstamp", meeting.booked_at)
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.starts_at + timedelta(minutes=slot.duration_minutes))
    event.add("summary", f"Guidance meeting: {meeting.partner.name} and 7x")
    if slot.topic:
        event.add("description", slot.topic)
    event.add("url", f"{settings.PARTNERCENTER_SITE_URL}/portal/meetings/")
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    attendee = vCalAddress(f"mailto:{meeting.person.email}")
    attendee.params["cn"] = vText(meeting.person.name)
    event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())
