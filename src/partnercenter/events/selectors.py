"""Reads: upcoming events with places left, a partner's registrations, an event's roster, and
the event held here that a self-report would duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from partnercenter.events.models import Attendance, Event, Registration
from partnercenter.partners.models import Partner, Person


def _with_taken(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        # distinct: `all_events` also joins attendances, which would multiply the rows.
        taken=Count(
            "registrations", filter=Q(registrations__cancelled_at__isnull=True), distinct=True
        )
    )


def upcoming_events(today: date) -> QuerySet[Event]:
    """Events that have not started, soonest first, each with `taken` (live registrations)."""
    return _with_taken(Event.objects.filter(starts_on__gt=today)).order_by("starts_on", "pk")


def all_events() -> QuerySet[Event]:
    """Every event, latest first, with `taken` and `attended` counts (the back-office list)."""
    return (
        _with_taken(Event.objects.all())
        .annotate(attended=Count("attendances", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def event_by_id(pk: int) -> Event | None:
    """One event with its `taken` count."""
    return _with_taken(Event.objects.filter(pk=pk)).first()


def partner_registrations(partner: Partner) -> QuerySet[Registration]:
    """The partner's registrations (live and cancelled), the latest events first."""
    return (
        Registration.objects.filter(partner=partner)
        .select_related("event", "person")
        .order_by("-event__starts_on", "person__name", "pk")
    )


@dataclass(frozen=True)
class RosterRow:
    """A registered person of an event and whether staff marked them present."""

    registration: Registration
    attendance: Attendance | None


def event_roster(event: Event) -> list[RosterRow]:
    """The live registrations of an event with their attendance, by partner then name."""
    marked = {a.person_id: a for a in Attendance.objects.filter(event=event)}
    regs = (
        Registration.objects.filter(event=event, cancelled_at__isnull=True)
        .select_related("person", "partner")
        .order_by("partner__name", "person__name", "pk")
    )
    return [RosterRow(r, marked.get(r.person_id)) for r in regs]


def event_held_here(people: Iterable[Person], on: date) -> tuple[Event, Person] | None:
    """An event held in Partner Center on `on` that one of `people` registered for or attended.

    Its attendance is recorded here, so a self-report of it is a duplicate.
    """
    ids = [p.pk for p in people]
    if not ids:
        return None
    event_filter = Q(
        event__held_in_partner_center=True, event__starts_on__lte=on, event__ends_on__gte=on
    )
    hit = (
        Attendance.objects.filter(event_filter, person_id__in=ids)
        .select_related("event", "person")
        .first()
    ) or (
        Registration.objects.filter(event_filter, person_id__in=ids, cancelled_at__isnull=True)
        .select_related("event", "person")
        .first()
    )
    return (hit.event, hit.person) if hit else None


def partner_attended(partner: Partner) -> set[tuple[int, int]]:
    """(event id, person id) of the partner's marked attendances."""
    return set(Attendance.objects.filter(partner=partner).values_list("event_id", "person_id"))
