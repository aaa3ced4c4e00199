"""Demo entitlements: tickets (answered in time, one breached), meeting slots and bookings,
and a quarter-end revenue check. Builds on the billing demo (northwind-digital on Silver,
fjord-hosting on Gold) through the real services; a second run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model

from partnercenter.entitlements.jobs import quarter_revenue_job
from partnercenter.entitlements.models import MeetingSlot, Ticket
from partnercenter.entitlements.selectors import plan_in_force
from partnercenter.entitlements.services import (
    breaches_stamp,
    meeting_book,
    meeting_mark,
    slot_publish,
    ticket_open,
    ticket_reply,
)
from partnercenter.partners.models import Partner, Person

STAFF_EMAIL = "staff@partnercenter.test"

TICKETS: list[tuple[str, str, str, int, int | None]] = [
    # (partner, subject, body, hours before now it was opened, minutes to first answer)
    (
        "northwind-digital",
        "Search index not updating",
        "After the upgrade to 7.4 the search index stays empty on our staging site.",
        50,
        95,
    ),
    (
        "northwind-digital",
        "Licence for a second staging server",
        "Do we need another licence for a second staging server?",
        30,
        240,
    ),
    (
        "northwind-digital",
        "Editor toolbar missing in Firefox",
        "The rich text toolbar does not render in Firefox 130.",
        3,
        None,
    ),
    (
        "fjord-hosting",
        "Backup restore fails",
        "Restoring last night's backup stops at 80%.",
        40,
        380,
    ),  # Gold promises 4 h: breached at the late answer
    ("fjord-hosting", "Cluster node out of memory", "Node 3 restarts every hour.", 12, None),
    ("fjord-hosting", "SSO with Azure AD", "How do we map groups to roles?", 20, 45),
]


def _person(partner: Partner) -> Person | None:
    return Person.objects.filter(partner=partner).order_by("pk").first()


def demo_entitlements(*, today: date) -> None:
    """Tickets, slots and meetings for the paid-plan demo partners; the last quarter checked."""
    staff = get_user_model().objects.filter(username=STAFF_EMAIL).first()
    if staff is None:
        return
    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    partners = {p.slug: p for p in Partner.objects.filter(slug__in={t[0] for t in TICKETS})}
    if not Ticket.objects.filter(partner__in=partners.values()).exists():
        for slug, subject, body, hours_ago, answer_after in TICKETS:
            partner = partners.get(slug)
            person = _person(partner) if partner else None
            opened = now - timedelta(hours=hours_ago)
            if person is None or plan_in_force(person.partner, opened) is None:
                continue
            t = ticket_open(person=person, subject=subject, body=body, at=opened)
            if answer_after is not None:
                ticket_reply(
                    ticket=t,
                    staff=staff,
                    body="Thanks for the details. Here is what to do: …",
                    at=opened + timedelta(minutes=answer_after),
                )
        breaches_stamp(now=now)
    if not MeetingSlot.objects.exists():
        published = now - timedelta(days=10)
        base = datetime(today.year, today.month, today.day, 9, tzinfo=UTC)
        slots = [
            slot_publish(
                staff=staff,
                starts_at=base + timedelta(days=d, hours=h),
                duration_minutes=45,
                topic=topic,
                at=published,
            )
            for d, h, topic in [
                (-3, 0, "Architecture review"),
                (2, 0, "Roadmap and upgrades"),
                (3, 5, "Open guidance"),
                (6, 2, "Open guidance"),
                (9, 0, "Performance tuning"),
            ]
        ]
        northwind = partners.get("northwind-digital")
        fjord = partners.get("fjord-hosting")
        for partner, slot, held in [
            (northwind, slots[0], True),
            (northwind, slots[1], False),
            (fjord, slots[2], False),
        ]:
            person = _person(partner) if partner else None
            if person is None or plan_in_force(person.partner, slot.starts_at) is None:
                continue
            m = meeting_book(person=person, slot_id=slot.pk, at=published)
            if held:
                meeting_mark(meeting=m, staff=staff, status="held", at=now)
    quarter_revenue_job(today)
