"""Reads: who may file and request what (from the edition), roadmap lists sorted by votes,
service-request queues, announcement segments and each partner's announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet

from partnercenter.domain.program import Benefit, Edition, Level, Plan
from partnercenter.engagement.models import (
    Announcement,
    MailingOptOut,
    RoadmapRequest,
    RoadmapVote,
    ServiceRequest,
    ServiceStatus,
)
from partnercenter.entitlements.selectors import plan_in_force
from partnercenter.partners.models import Partner, PartnerStatus, Person
from partnercenter.programs.selectors import edition_at

OPEN_SERVICE = (ServiceStatus.OPEN, ServiceStatus.IN_PROGRESS)


# ------------------------------------------------------------------ roadmap


def roadmap_plans(edition: Edition) -> list[Plan]:
    """The plans that bring roadmap requests, cheapest first (for "which plans bring it")."""
    return sorted((p for p in edition.plans if p.roadmap_requests), key=lambda p: p.price_cents)


@dataclass(frozen=True)
class RoadmapRight:
    """May this partner file roadmap requests now, and if not, why and which plans would."""

    may_file: bool
    may_vote: bool
    reason: str
    plans: tuple[Plan, ...]


def roadmap_right(partner: Partner, at: datetime) -> RoadmapRight:
    """Filing needs an active membership with a paid plan that has `roadmap_requests`;
    voting needs only an active membership (every member's voice counts)."""
    plans = tuple(roadmap_plans(edition_at(at.date())))
    active = partner.status == PartnerStatus.ACTIVE
    plan = plan_in_force(partner, at)
    if not active:
        reason = f"{partner.name} is not an active member, so it cannot file or vote."
    elif plan is None or not plan.roadmap_requests:
        names = ", ".join(p.name for p in plans) or "no plan of this edition"
        have = f"The {plan.name} does not bring" if plan else "Without a paid plan there are no"
        reason = f"{have} roadmap requests; {names} bring them. You can still vote."
    else:
        reason = ""
    return RoadmapRight(
        may_file=active and plan is not None and plan.roadmap_requests,
        may_vote=active,
        reason=reason,
        plans=plans,
    )


def roadmap_list(viewer: Partner | None = None) -> QuerySet[RoadmapRequest]:
    """Every request with its vote count, most votes first (then newest); `voted` and `mine`
    say whether the viewing partner voted for it or filed it."""
    qs = RoadmapRequest.objects.annotate(vote_count=Count("votes"))
    if viewer is not None:
        qs = qs.annotate(
            voted=Exists(RoadmapVote.objects.filter(request=OuterRef("pk"), partner=viewer))
        )
    return qs.select_related("partner").order_by("-vote_count", "-created_at", "-id")


def roadmap_request(pk: int | str | None) -> RoadmapRequest | None:
    """One request by id (None for a missing or malformed id)."""
    try:
        return RoadmapRequest.objects.select_related("partner").get(pk=int(pk or 0))
    except (RoadmapRequest.DoesNotExist, ValueError, TypeError):
        return None


# ------------------------------------------------------------------ services


def service_benefits(edition: Edition) -> list[Benefit]:
    """The benefits rows marked `service = true`: what partners can request."""
    return [b for b in edition.benefits if b.service]


def benefit_level(partner: Partner) -> str:
    """The level whose benefits the partner holds now: the review's level while active
    (a lapsed or registered partner holds none)."""
    return partner.current_level if partner.status == PartnerStatus.ACTIVE else ""


def level_bringing(edition: Edition, benefit: Benefit, partner: Partner) -> Level | None:
    """The lowest level that has `benefit` (Student only for a student partner)."""
    levels = [
        lv
        for lv in edition.levels
        if lv.code in benefit.levels and (lv.code != "student" or partner.student)
    ]
    return min(levels, key=lambda lv: lv.rank, default=None)


@dataclass(frozen=True)
class ServiceOffer:
    """One requestable service for a partner: whether its level has it, else which level does,
    and its request still open (if any)."""

    benefit: Benefit
    included: bool
    bringing: Level | None
    open_request: ServiceRequest | None


def service_offers(partner: Partner, at: datetime) -> list[ServiceOffer]:
    """Every service of the edition in force, for this partner."""
    edition = edition_at(at.date())
    level = benefit_level(partner)
    open_by_benefit = {
        r.benefit: r
        for r in ServiceRequest.objects.filter(partner=partner, status__in=OPEN_SERVICE)
    }
    return [
        ServiceOffer(
            benefit=b,
            included=bool(level) and level in b.levels,
            bringing=level_bringing(edition, b, partner),
            open_request=open_by_benefit.get(b.code),
        )
        for b in service_benefits(edition)
    ]


def partner_service_requests(partner: Partner) -> QuerySet[ServiceRequest]:
    """A partner's service requests, newest first."""
    return ServiceRequest.objects.filter(partner=partner).select_related("person")


def service_queue(*, show: str = "open") -> QuerySet[ServiceRequest]:
    """Staff's queue: open and in-progress requests, oldest first (or every request)."""
    qs = ServiceRequest.objects.select_related("partner", "person")
    if show == "open":
        return qs.filter(status__in=OPEN_SERVICE).order_by("created_at", "id")
    return qs.order_by("-created_at", "-id")


def benefit_names(at: datetime) -> dict[str, str]:
    """Benefit code → its name in the edition in force (for lists of requests)."""
    return {b.code: b.name for b in edition_at(at.date()).benefits}


# ------------------------------------------------------------- announcements


def segment_partners(
    *, levels: list[str], profiles: list[str], countries: list[str]
) -> QuerySet[Partner]:
    """Active partners in every named dimension (an empty list does not narrow)."""
    qs = Partner.objects.filter(status=PartnerStatus.ACTIVE)
    if levels:
        qs = qs.filter(current_level__in=levels)
    if profiles:
        qs = qs.filter(profile__in=profiles)
    if countries:
        qs = qs.filter(country__in=countries)
    return qs.order_by("id")


def segment_people(
    *, levels: list[str], profiles: list[str], countries: list[str], optional: bool
) -> QuerySet[Person]:
    """The people an announcement reaches; an optional mailing skips the unsubscribed."""
    partners = segment_partners(levels=levels, profiles=profiles, countries=countries)
    qs = Person.objects.filter(partner__in=partners).exclude(email="")
    if optional:
        qs = qs.filter(~Exists(MailingOptOut.objects.filter(person=OuterRef("pk"))))
    return qs.select_related("partner").order_by("partner_id", "id")


def partner_announcements(partner: Partner) -> QuerySet[Announcement]:
    """Announcements sent to the partner (its portal message history), newest first."""
    return Announcement.objects.filter(deliveries__partner=partner).order_by("-sent_at", "-id")


def announcements_sent() -> QuerySet[Announcement]:
    """Every announcement sent, newest first (the back office's list)."""
    return Announcement.objects.select_related("staff").order_by("-sent_at", "-id")


def opted_out(person: Person) -> bool:
    """Has this person unsubscribed from optional mailings?"""
    return MailingOptOut.objects.filter(person=person).exists()
