""" "Full event attendance": a person who attended every event a calendar year held in Partner
Center earns it, posted once through the ledger per the activity's rule in the edition.

Decision: the year's set of events is final only once the year is over (staff may still add a
December event in October), so the check runs for a finished year: the daily scheduler job
`full_event_attendance` checks the previous year, and marking attendance late (an event of a
past year, after New Year) checks that year at once. Both are idempotent: the entry's key is
derived from the year and the partner (or the person, if the edition counts it per person).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from partnercenter.domain.program import Per
from partnercenter.events.models import Attendance, Event
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Person
from partnercenter.programs.selectors import edition_at

FULL = "full_event_attendance"
"""The catalogue activity ("Full event attendance (all events)")."""


def full_attendance_check(*, year: int, partner_ids: list[int] | None = None) -> dict[str, int]:
    """Post "Full event attendance" for `year` to every partner (or person) that earned it.

    Returns how many entries were posted now, already there, or refused by the ledger.
    """
    events = list(Event.objects.filter(held_in_partner_center=True, starts_on__year=year))
    result = {"events": len(events), "posted": 0, "existing": 0, "refused": 0}
    if not events:
        return result
    last_day = max(e.ends_on for e in events)
    occurred_at = datetime.combine(last_day, time(12), tzinfo=UTC)
    edition = edition_at(last_day)
    if not edition.has_activity(FULL):
        return result
    per_person = edition.activity(FULL).per == Per.PERSON
    attended: dict[int, set[int]] = {}
    rows = Attendance.objects.filter(event__in=events)
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    for person_id, event_id in rows.values_list("person_id", "event_id"):
        attended.setdefault(person_id, set()).add(event_id)
    everything = {e.pk for e in events}
    winners = sorted(pid for pid, seen in attended.items() if seen >= everything)
    done_partners: set[int] = set()
    for person in Person.objects.select_related("partner").filter(pk__in=winners).order_by("pk"):
        if not per_person and person.partner_id in done_partners:
            continue
        done_partners.add(person.partner_id)
        key = (
            f"events:full:{year}:person:{person.pk}"
            if per_person
            else f"events:full:{year}:partner:{person.partner_id}"
        )
        try:
            posted = entry_post(
                partner=person.partner,
                person=person if per_person else None,
                activity=FULL,
                occurred_at=occurred_at,
                source=Source.SYSTEM,
                reason=(
                    f"Full event attendance {year}: all {len(events)} events held in "
                    "Partner Center attended"
                ),
                idempotency_key=key,
                occasion=f"events:{year}",
            )
        except LedgerError:
            result["refused"] += 1
            continue
        result["posted" if posted.created else "existing"] += 1
    return result


def full_attendance_job(as_of: date) -> dict[str, int]:
    """Daily: decide the previous calendar year (a no-op once its entries are posted)."""
    return full_attendance_check(year=as_of.year - 1)
