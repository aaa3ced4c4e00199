"""Writes of roadmap requests: file (plans with `roadmap_requests`), vote (one per partner),
set status (staff, with a public note; the filer's admins get an email)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.engagement import errors
from partnercenter.engagement.models import (
    RoadmapRequest,
    RoadmapStatus,
    RoadmapStatusChange,
    RoadmapVote,
)
from partnercenter.engagement.selectors import roadmap_request, roadmap_right
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, Person

TITLE_MAX = 200
DESCRIPTION_MAX = 10000


def roadmap_request_file(
    *, person: Person, title: str, description: str, at: datetime | None = None
) -> RoadmapRequest:
    """File a request for the person's partner; refused without a plan that brings them."""
    at = at or timezone.now()
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise errors.InvalidInput("Give the request a short title.", field="title")
    if len(title) > TITLE_MAX:
        raise errors.InvalidInput(f"The title is at most {TITLE_MAX} characters.", field="title")
    if not description:
        raise errors.InvalidInput("Describe what you need and why.", field="description")
    if len(description) > DESCRIPTION_MAX:
        raise errors.InvalidInput(
            f"The description is at most {DESCRIPTION_MAX} characters.", field="description"
        )
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=person.partner_id)
        right = roadmap_right(partner, at)
        if not right.may_file:
            raise errors.NoRight(right.reason, field="title")
        return RoadmapRequest.objects.create(
            partner=partner,
            person=person,
            plan=partner.plan,
            title=title,
            description=description,
            created_at=at,
        )


def roadmap_vote(*, person: Person, request_id: Any, at: datetime | None = None) -> RoadmapVote:
    """One vote per partner per request, by any person of an active member (not the filer's)."""
    at = at or timezone.now()
    request = roadmap_request(request_id)
    if request is None:
        raise errors.NotFound("No such roadmap request.", field="request")
    partner = person.partner
    if request.partner_id == partner.pk:
        raise errors.OwnRequest(f"{partner.name} filed this request; its filing is its vote.")
    right = roadmap_right(partner, at)
    if not right.may_vote:
        raise errors.NoRight(right.reason, field="request")
    if RoadmapVote.objects.filter(request=request, partner=partner).exists():
        raise errors.AlreadyVoted(f"{partner.name} already voted for this request.")
    try:
        with transaction.atomic():
            return RoadmapVote.objects.create(
                request=request, partner=partner, person=person, at=at
            )
    except IntegrityError:  # a concurrent vote of a colleague won the race
        raise errors.AlreadyVoted(f"{partner.name} already voted for this request.") from None


def roadmap_status_set(
    *, request: RoadmapRequest, staff: Any, status: str, note: str, at: datetime | None = None
) -> RoadmapStatusChange:
    """Staff decide where a request stands; the note is public. Emails the filer's admins."""
    at = at or timezone.now()
    note = (note or "").strip()
    if status not in RoadmapStatus.values:
        choices = ", ".join(RoadmapStatus.values)
        raise errors.InvalidInput(f"Choose a status: {choices}.", field="status")
    if len(note) > DESCRIPTION_MAX:
        raise errors.InvalidInput(
            f"The note is at most {DESCRIPTION_MAX} characters.", field="note"
        )
    with transaction.atomic():
        r = RoadmapRequest.objects.select_for_update().get(pk=request.pk)
        if r.status == status and r.status_note == note:
            raise errors.WrongState(
                f"The request is already {r.get_status_display().lower()} with this note."
            )
        change = RoadmapStatusChange.objects.create(
            request=r, old_status=r.status, new_status=status, note=note, staff=staff, at=at
        )
        r.status, r.status_note, r.status_changed_at = status, note, at
        r.save(update_fields=["status", "status_note", "status_changed_at"])
        audit_record(
            actor=staff,
            action="roadmap.status",
            target=r.partner,
            details={"request": r.pk, "from": change.old_status, "to": status, "note": note},
        )
        for email in partner_admin_emails(r.partner):
            message_queue(
                kind="roadmap_status",
                to=email,
                context={
                    "request": r,
                    "change": change,
                    "url": f"{settings.PARTNERCENTER_SITE_URL}/portal/roadmap/",
                },
                key=f"roadmap_status:{change.pk}:{email.lower()}",
                partner=r.partner,
            )
    request.refresh_from_db()
    return change
