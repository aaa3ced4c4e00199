"""Writes: open, answer and close tickets; publish, book, cancel and mark meetings.

Each use of a quota is a +1 `Usage` row written with the ticket or meeting in one
transaction; a give-back is a −1 row. A refusal raises before anything is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.domain import quotas
from partnercenter.entitlements import errors
from partnercenter.entitlements.models import (
    Meeting,
    MeetingSlot,
    MeetingStatus,
    Queue,
    Ticket,
    TicketMessage,
    TicketStatus,
    Usage,
)
from partnercenter.entitlements.selectors import plan_bringing, quota_of
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, Person
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.cache import standing_changed

NOUN = {"tickets": "support tickets", "meetings": "guidance meetings"}


def _check_quota(partner: Partner, entitlement: str, at: datetime, field: str) -> Any:
    """The quota holding `at`, or the named refusal (no paid plan / used up)."""
    quota = quota_of(partner, entitlement, at)
    if quota is None:
        plan = plan_bringing(edition_at(at.date()), entitlement, partner)
        brings = (
            f" The {plan.name} brings "
            + (
                f"{plan.tickets} per {plan.tickets_period}."
                if entitlement == "tickets"
                else f"{plan.guidance_meetings} per {plan.guidance_period}."
            )
            if plan
            else ""
        )
        raise errors.NoQuota(
            f"{partner.name} has no paid plan, so no {NOUN[entitlement]}.{brings}",
            plan=plan.code if plan else "",
            field=field,
        )
    if quota.remaining <= 0:
        raise errors.QuotaExhausted(
            f"All {quota.allowed} {NOUN[entitlement]} of this {quota.period.kind} are used; "
            f"the quota resets on {quota.period.resets_at:%A %d %B %Y, %H:%M} UTC.",
            resets_at=quota.period.resets_at,
            field=field,
        )
    return quota


def _use(
    partner: Partner, entitlement: str, quota: Any, reason: str, key: str, at: datetime
) -> None:
    Usage.objects.create(
        partner=partner,
        entitlement=entitlement,
        plan=quota.plan.code,
        period_start=quota.period.start,
        amount=1,
        reason=reason,
        key=key,
        at=at,
    )
    standing_changed(partner.pk)  # the plan page counts the quota


def _give_back(original_key: str, reason: str, key: str, at: datetime) -> bool:
    """A −1 row reversing the +1 written under `original_key` (same plan and period)."""
    used = Usage.objects.filter(key=original_key).first()
    if used is None or Usage.objects.filter(key=key).exists():
        return False
    Usage.objects.create(
        partner_id=used.partner_id,
        entitlement=used.entitlement,
        plan=used.plan,
        period_start=used.period_start,
        amount=-1,
        reason=reason,
        key=key,
        at=at,
    )
    standing_changed(used.partner_id)  # the plan page counts the quota
    return True


# ------------------------------------------------------------------ tickets


def ticket_open(*, person: Person, subject: str, body: str, at: datetime | None = None) -> Ticket:
    """Open a ticket against the plan's ticket quota; over quota → `QuotaExhausted`."""
    at = at or timezone.now()
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise errors.InvalidInput("Say in a few words what the ticket is about.", field="subject")
    if len(subject) > 200:
        raise errors.InvalidInput("The subject is at most 200 characters.", field="subject")
    if not body:
        raise errors.InvalidInput("Describe the problem or question.", field="body")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=person.partner_id)
        quota = _check_quota(partner, "tickets", at, "subject")
        plan = quota.plan
        community = plan.response == "community" or not plan.response_hours
        clock = edition_at(at.date()).entitlements.response_clock
        ticket = Ticket.objects.create(
            partner=partner,
            person=person,
            subject=subject,
            body=body,
            opened_at=at,
            plan=plan.code,
            queue=Queue.COMMUNITY if community else Queue.SLA,
            response_due_at=None
            if community
            else quotas.response_due(at, plan.response_hours or 0, clock),
        )
        _use(partner, "tickets", quota, f"Ticket #{ticket.pk}", f"ticket:{ticket.pk}:use", at)
    return ticket


def ticket_reply(
    *,
    ticket: Ticket,
    body: str,
    staff: Any = None,
    person: Person | None = None,
    at: datetime | None = None,
) -> TicketMessage:
    """Add to the thread. The first staff reply sets `first_response_at` (once) and, if late,
    stamps the breach (unless the scheduler already did)."""
    at = at or timezone.now()
    body = (body or "").strip()
    if not body:
        raise errors.InvalidInput("Write the answer.", field="body")
    if ticket.status in (TicketStatus.CLOSED, TicketStatus.INVALID):
        raise errors.WrongState("The ticket is closed.", field="body")
    if person is not None and person.partner_id != ticket.partner_id:
        raise errors.NotYours("This ticket belongs to another partner.", field="ticket")
    with transaction.atomic():
        t = Ticket.objects.select_for_update().get(pk=ticket.pk)
        msg = TicketMessage.objects.create(
            ticket=t, person=person, staff=staff if person is None else None, body=body, at=at
        )
        if person is None:
            if t.first_response_at is None:
                t.first_response_at = at
                if quotas.breached(t.response_due_at, at, at) and t.breached_at is None:
                    t.breached_at = at
            t.status = TicketStatus.ANSWERED
            t.save(update_fields=["first_response_at", "breached_at", "status"])
            audit_record(
                actor=staff, action="ticket.reply", target=t.partner, details={"ticket": t.pk}
            )
            message_queue(
                kind="ticket_answered",
                to=t.person.email,
                context={
                    "ticket": t,
                    "url": f"{settings.PARTNERCENTER_SITE_URL}/portal/support/{t.pk}/",
                },
                key=f"ticket_answered:{msg.pk}",
                partner=t.partner,
            )
        else:
            t.status = TicketStatus.OPEN
            t.save(update_fields=["status"])
    ticket.refresh_from_db()
    return msg


def ticket_close(
    *, ticket: Ticket, staff: Any, invalid: bool = False, at: datetime | None = None
) -> Ticket:
    """Close a ticket; closed as invalid, its quota use is given back (a −1 record)."""
    at = at or timezone.now()
    if ticket.status in (TicketStatus.CLOSED, TicketStatus.INVALID):
        raise errors.WrongState("The ticket is already closed.")
    with transaction.atomic():
        t = Ticket.objects.select_for_update().get(pk=ticket.pk)
        t.status = TicketStatus.INVALID if invalid else TicketStatus.CLOSED
        t.closed_at = at
        t.save(update_fields=["status", "closed_at"])
        if invalid:
            _give_back(
                f"ticket:{t.pk}:use",
                f"Ticket #{t.pk} closed as invalid",
                f"ticket:{t.pk}:refund",
                at,
            )
        audit_record(
            actor=staff,
            action="ticket.close",
            target=t.partner,
            details={"ticket": t.pk, "invalid": invalid},
        )
    ticket.refresh_from_db()
    return ticket


def breaches_stamp(*, now: datetime | None = None) -> int:
    """Stamp `breached_at` on SLA tickets past due without a staff response (the scheduler)."""
    now = now or timezone.now()
    return Ticket.objects.filter(
        queue=Queue.SLA,
        first_response_at__isnull=True,
        breached_at__isnull=True,
        response_due_at__lt=now,
    ).update(breached_at=now)


# ------------------------------------------------------------------ meetings


def slot_publish(
    *,
    staff: Any,
    starts_at: datetime | None,
    duration_minutes: int | None,
    topic: str = "",
    at: datetime | None = None,
) -> MeetingSlot:
    """Offer a guidance meeting time (capacity one)."""
    at = at or timezone.now()
    if starts_at is None:
        raise errors.InvalidInput("Give the start (date and time, UTC).", field="starts_at")
    starts_at = starts_at.replace(second=0, microsecond=0)  # a slot starts on a whole minute
    if starts_at <= at:
        raise errors.InvalidInput("The start must be in the future.", field="starts_at")
    if not duration_minutes or not 15 <= duration_minutes <= 240:
        raise errors.InvalidInput(
            "The duration is between 15 and 240 minutes.", field="duration_minutes"
        )
    with transaction.atomic():
        slot = MeetingSlot.objects.create(
            staff=staff, starts_at=starts_at, duration_minutes=duration_minutes, topic=topic[:200]
        )
        audit_record(
            actor=staff,
            action="meeting_slot.publish",
            target=None,
            details={"slot": slot.pk, "starts_at": starts_at.isoformat()},
        )
    return slot


def meeting_book(*, person: Person, slot_id: Any, at: datetime | None = None) -> Meeting:
    """Book a free future slot within the plan's meeting quota; the person gets an email
    linking the `.ics` invitation."""
    at = at or timezone.now()
    try:
        slot = MeetingSlot.objects.get(pk=int(slot_id))
    except (TypeError, ValueError, MeetingSlot.DoesNotExist):
        raise errors.InvalidInput("There is no such meeting slot.", field="slot_id") from None
    if slot.starts_at <= at:
        raise errors.SlotPast("This slot has already started; choose a later one.")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=person.partner_id)
        if Meeting.objects.filter(slot=slot).exclude(status=MeetingStatus.CANCELLED).exists():
            raise errors.SlotTaken("This slot has just been booked; choose another.")
        quota = _check_quota(partner, "meetings", slot.starts_at, "slot_id")
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    slot=slot, partner=partner, person=person, plan=quota.plan.code, booked_at=at
                )
        except IntegrityError:
            raise errors.SlotTaken("This slot has just been booked; choose another.") from None
        _use(partner, "meetings", quota, f"Meeting #{meeting.pk}", f"meeting:{meeting.pk}:use", at)
        message_queue(
            kind="meeting_booked",
            to=person.email,
            context={
                "meeting": meeting,
                "slot": slot,
                "ends_at": slot.starts_at + timedelta(minutes=slot.duration_minutes),
                "ics_url": f"{settings.PARTNERCENTER_SITE_URL}/portal/meetings/{meeting.pk}.ics",
            },
            key=f"meeting_booked:{meeting.pk}",
            partner=partner,
        )
    return meeting


def meeting_cancel(*, person: Person, meeting_id: Any, at: datetime | None = None) -> Meeting:
    """Cancel one's own partner's booking; more than the edition's hours ahead, it is given back."""
    at = at or timezone.now()
    meeting = Meeting.objects.select_related("slot").filter(pk=meeting_id).first()
    if meeting is None or meeting.partner_id != person.partner_id:
        raise errors.NotYours("This meeting is not one of your partner's.", field="meeting")
    if meeting.status != MeetingStatus.BOOKED or meeting.slot.starts_at <= at:
        raise errors.WrongState("Only a booked meeting that has not started can be cancelled.")
    hours = edition_at(at.date()).entitlements.meeting_cancel_hours
    with transaction.atomic():
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_at = at
        meeting.save(update_fields=["status", "cancelled_at"])
        if quotas.cancel_refunds(meeting.slot.starts_at, at, hours):
            _give_back(
                f"meeting:{meeting.pk}:use",
                f"Meeting #{meeting.pk} cancelled more than {hours} h ahead",
                f"meeting:{meeting.pk}:refund",
                at,
            )
    return meeting


def meeting_mark(
    *, meeting: Meeting, staff: Any, status: str, at: datetime | None = None
) -> Meeting:
    """Record that a booked meeting was held or the partner did not come."""
    at = at or timezone.now()
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise errors.InvalidInput("Mark a meeting held or no-show.", field="status")
    if meeting.status != MeetingStatus.BOOKED:
        raise errors.WrongState(f"The meeting is {meeting.get_status_display().lower()}.")
    if meeting.slot.starts_at > at:
        raise errors.WrongState("The meeting has not started yet.")
    with transaction.atomic():
        meeting.status = status
        meeting.save(update_fields=["status"])
        audit_record(
            actor=staff,
            action="meeting.mark",
            target=meeting.partner,
            details={"meeting": meeting.pk, "status": status},
        )
    return meeting
