"""Writes of service requests: a partner asks for a benefit that is a service (its level must
include it); staff move it open → in progress → done / declined with a note."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.engagement import errors
from partnercenter.engagement.models import ServiceRequest, ServiceStatus
from partnercenter.engagement.selectors import (
    OPEN_SERVICE,
    benefit_level,
    level_bringing,
    service_benefits,
)
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, Person
from partnercenter.programs.selectors import edition_at

MESSAGE_MAX = 5000

NEXT: dict[str, tuple[str, ...]] = {
    ServiceStatus.OPEN: (ServiceStatus.IN_PROGRESS, ServiceStatus.DONE, ServiceStatus.DECLINED),
    ServiceStatus.IN_PROGRESS: (ServiceStatus.DONE, ServiceStatus.DECLINED),
    ServiceStatus.DONE: (),
    ServiceStatus.DECLINED: (),
}
"""The moves staff may make from each status (done and declined are final)."""


def service_request_create(
    *, person: Person, benefit: str, message: str, at: datetime | None = None
) -> ServiceRequest:
    """Ask for a service benefit; refused when the level lacks it (naming the level that
    brings it) or when the same service is already asked for and not finished."""
    at = at or timezone.now()
    message = (message or "").strip()
    edition = edition_at(at.date())
    row = next((b for b in service_benefits(edition) if b.code == benefit), None)
    if row is None:
        raise errors.InvalidInput(f"{benefit!r} is not a service you can request.", field="benefit")
    if not message:
        raise errors.InvalidInput("Say in a few words what you need.", field="message")
    if len(message) > MESSAGE_MAX:
        raise errors.InvalidInput(
            f"The message is at most {MESSAGE_MAX} characters.", field="message"
        )
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=person.partner_id)
        level = benefit_level(partner)
        if not level or level not in row.levels:
            bringing = level_bringing(edition, row, partner)
            brings = f" The {bringing.name} level brings it." if bringing else ""
            lacks = (
                f"{partner.name}'s level, {edition.level(level).name}, does not include {row.name}."
                if level and edition.has_level(level)
                else f"{partner.name} holds no level benefits now, so no {row.name}."
            )
            raise errors.NoRight(
                lacks + brings,
                field="benefit",
            )
        if ServiceRequest.objects.filter(
            partner=partner, benefit=row.code, status__in=OPEN_SERVICE
        ).exists():
            raise errors.Duplicate(
                f"{row.name} is already requested; staff are on it (see its status below)."
            )
        return ServiceRequest.objects.create(
            partner=partner,
            person=person,
            benefit=row.code,
            level=level,
            message=message,
            created_at=at,
            updated_at=at,
        )


def service_request_update(
    *, request: ServiceRequest, staff: Any, status: str, note: str, at: datetime | None = None
) -> ServiceRequest:
    """Staff move a request on (open → in progress → done / declined); the requester is told."""
    at = at or timezone.now()
    note = (note or "").strip()
    if status not in ServiceStatus.values:
        raise errors.InvalidInput(
            f"Choose a status: {', '.join(ServiceStatus.values)}.", field="status"
        )
    if status == ServiceStatus.DECLINED and not note:
        raise errors.InvalidInput("Say why the request is declined.", field="note")
    if len(note) > MESSAGE_MAX:
        raise errors.InvalidInput(f"The note is at most {MESSAGE_MAX} characters.", field="note")
    with transaction.atomic():
        qs = ServiceRequest.objects.select_for_update().select_related("partner", "person")
        r = qs.get(pk=request.pk)
        if status not in NEXT[r.status]:
            raise errors.WrongState(
                f"A request that is {r.get_status_display().lower()} cannot become "
                f"{ServiceStatus(status).label.lower()}."
            )
        old = r.status
        r.status, r.note, r.updated_at, r.updated_by = status, note, at, staff
        r.save(update_fields=["status", "note", "updated_at", "updated_by"])
        audit_record(
            actor=staff,
            action="service_request.status",
            target=r.partner,
            details={"request": r.pk, "benefit": r.benefit, "from": old, "to": status},
        )
        names = {b.code: b.name for b in edition_at(at.date()).benefits}
        message_queue(
            kind="service_request_status",
            to=r.person.email,
            context={
                "request": r,
                "benefit_name": names.get(r.benefit, r.benefit),
                "url": f"{settings.PARTNERCENTER_SITE_URL}/portal/services/",
            },
            key=f"service_request_status:{r.pk}:{status}",
            partner=r.partner,
        )
    request.refresh_from_db()
    return request
