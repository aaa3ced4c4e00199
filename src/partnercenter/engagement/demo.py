"""The engagement demo: roadmap requests with votes and a staff status, service requests
(one done, one open) and a sent monthly briefing. Builds on the partners, billing and
entitlements demos (northwind-digital on Silver, fjord-hosting on Gold) through the real
services; a second run changes nothing."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model

from partnercenter.engagement.announcements import (
    announcement_check,
    announcement_deliver,
    announcement_send,
)
from partnercenter.engagement.errors import EngagementError
from partnercenter.engagement.models import Announcement, RoadmapRequest, ServiceRequest
from partnercenter.engagement.roadmap import roadmap_request_file, roadmap_status_set, roadmap_vote
from partnercenter.engagement.selectors import service_offers
from partnercenter.engagement.services import service_request_create, service_request_update
from partnercenter.entitlements.demo import STAFF_EMAIL
from partnercenter.partners.models import Partner, PartnerStatus, Person
from partnercenter.programs.selectors import edition_at

REQUESTS = [
    # (filer, title, description, voters, status, note)
    (
        "fjord-hosting",
        "Bulk user import from CSV",
        "Our customers move thousands of editors at once; importing them one by one takes days.",
        ["northwind-digital", "baltic-systems", "meridian-it"],
        "planned",
        "Planned for the 7.6 release in the second quarter.",
    ),
    (
        "northwind-digital",
        "Dark mode for the editor",
        "Editors work late; a dark theme for the rich text editor would help them.",
        ["fjord-hosting"],
        "",
        "",
    ),
]
BRIEFING = "What is new at 7x this month"


def _person(slug: str) -> Person | None:
    return Person.objects.filter(partner__slug=slug).order_by("pk").first()


def demo_engagement(*, today: date) -> None:
    """Roadmap requests, votes, service requests and one briefing, once."""
    staff = get_user_model().objects.filter(username=STAFF_EMAIL).first()
    if staff is None:
        return
    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    if not RoadmapRequest.objects.exists():
        for days, (slug, title, text, voters, status, note) in enumerate(REQUESTS, start=1):
            filer = _person(slug)
            if filer is None:
                continue
            at = now - timedelta(days=20 - 5 * days)
            try:
                r = roadmap_request_file(person=filer, title=title, description=text, at=at)
            except EngagementError:  # the filer's plan does not bring roadmap requests
                continue
            for voter in filter(None, map(_person, voters)):
                with contextlib.suppress(EngagementError):  # e.g. a lapsed voter
                    roadmap_vote(person=voter, request_id=r.pk, at=at + timedelta(days=1))
            if status:
                roadmap_status_set(
                    request=r, staff=staff, status=status, note=note, at=at + timedelta(days=2)
                )
    if not ServiceRequest.objects.exists():
        wishes = [("fjord-hosting", "co_marketing"), ("northwind-digital", "joint_marketing")]
        for n, (slug, wish) in enumerate(wishes):
            person = _person(slug)
            if person is None:
                continue
            offers = [o for o in service_offers(person.partner, now) if o.included]
            offer = next((o for o in offers if o.benefit.code == wish), None) or next(
                iter(offers), None
            )
            if offer is None:
                continue
            sr = service_request_create(
                person=person,
                benefit=offer.benefit.code,
                message=f"We would like to use {offer.benefit.name} for our spring campaign.",
                at=now - timedelta(days=6 - n),
            )
            if n == 0:
                service_request_update(
                    request=sr,
                    staff=staff,
                    status="done",
                    note="Agreed: 7x joins the campaign with a shared webinar.",
                    at=now - timedelta(days=2),
                )
    if not Announcement.objects.filter(subject=BRIEFING).exists():
        edition = edition_at(today)
        levels = next(
            (sorted(b.levels) for b in edition.benefits if b.code == "monthly_briefing"), []
        )
        if Partner.objects.filter(status=PartnerStatus.ACTIVE, current_level__in=levels).exists():
            draft = announcement_check(
                kind="briefing",
                subject=BRIEFING,
                body=(
                    "This month: 7.5 is out with faster search, the partner webinar moves to "
                    "the first Thursday, and the new certification exams are open.\n\n"
                    "Questions? Reply on the Support page of the Partner Center."
                ),
                levels=levels,
                at=now,
            )
            sent = announcement_send(draft=draft, staff=staff, at=now - timedelta(days=1))
            announcement_deliver(announcement_id=sent.pk)  # the demo does not wait for a worker
