"""Named refusals of events, registrations and attendance; each names the field, changes nothing."""

from __future__ import annotations

from partnercenter.errors import Refusal


class EventError(Refusal):
    """An event action the rules refuse."""

    code = "event_error"


class InvalidEvent(EventError):
    """The event's details are unusable (dates, capacity, title)."""

    code = "invalid_event"


class EventNotFound(EventError):
    """No such event (or not one this caller may see)."""

    code = "event_not_found"
    field = "event"


class EventHeld(EventError):
    """The event has started: it can no longer be edited, registered for or cancelled."""

    code = "event_started"
    field = "event"


class EventFull(EventError):
    """Every place is taken."""

    code = "event_full"
    field = "event"


class PersonNotAllowed(EventError):
    """The person is not of this partner, or a member registers someone else."""

    code = "person_not_allowed"
    field = "person_id"


class AlreadyRegistered(EventError):
    """The person already holds a registration for the event."""

    code = "already_registered"
    field = "person_id"


class NotRegistered(EventError):
    """Attendance or a cancellation for someone without a registration."""

    code = "not_registered"
    field = "person_id"


class AlreadyAttended(EventError):
    """Attendance is marked once per person and event."""

    code = "already_attended"
    field = "person_id"


class EventNotStarted(EventError):
    """Attendance is marked once the event has started."""

    code = "event_not_started"
    field = "event"


class NotHeldHere(EventError):
    """Attendance is marked only for events held in Partner Center."""

    code = "not_held_here"
    field = "event"


class PostingRefused(EventError):
    """The ledger refused the posting (a cap); nothing was written."""

    code = "posting_refused"
    field = "person_id"
