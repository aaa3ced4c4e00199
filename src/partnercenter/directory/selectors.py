"""Reading the directory: who is listed, in what order, a partner's page, badge and verify facts.

The order (level rank, the paid plan's marketing placement, points in the window) is
computed in one SQL query: the level is `Partner.current_level` (the review's cache),
the points the `facts` of the partner's latest decision (the first one the unique
(partner, as_of, edition) index gives, read backwards). Pages are cached; see
`directory_page`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from partnercenter.directory.models import Listing, ListingRevision, RevisionStatus
from partnercenter.domain import directory as rules
from partnercenter.domain.program import Edition
from partnercenter.partners.models import Certification, Partner, PartnerStatus
from partnercenter.review.models import TierDecision
from partnercenter.submissions.models import Status as SubmissionStatus
from partnercenter.submissions.models import Submission

VERSION_KEY = "directory:version"
"""Bumped by every listing change: part of every cached page's key."""

CASE_STUDY_ACTIVITIES = ("case_study",)


@dataclass(frozen=True)
class DirectoryQuery:
    """The filters of a directory page, already checked against the edition."""

    profile: str = ""
    country: str = ""
    level: str = ""
    certification: str = ""
    q: str = ""


def _listed_filter(edition: Edition, today: date) -> Q:
    listed = Q(status=PartnerStatus.ACTIVE, current_level__in=rules.listed_levels(edition))
    if edition.directory.list_registered:
        listed |= Q(
            status=PartnerStatus.ACTIVE,
            current_level="",
            plan__gt="",
            plan_paid_until__gte=today,
        )
    return listed


def listed_partners(edition: Edition, today: date) -> QuerySet[Partner]:
    """Every listed partner: active members whose level has the listing benefit (and, if
    the edition says so, registered partners with a paid plan)."""
    return Partner.objects.filter(_listed_filter(edition, today))


def is_listed(partner: Partner, edition: Edition, today: date) -> bool:
    """Whether the partner appears in the directory (and has a page, a badge, a verify page)."""
    return listed_partners(edition, today).filter(pk=partner.pk).exists()


def ordered(edition: Edition, today: date, query: DirectoryQuery) -> QuerySet[Partner]:
    """Listed partners matching `query`, best first: level rank, paid plan's placement, points."""
    level_rank = Case(
        *[When(current_level=lv.code, then=Value(lv.rank)) for lv in edition.levels],
        default=Value(-1),
        output_field=IntegerField(),
    )
    ranks = rules.plan_placement_ranks(edition)
    worst = len(edition.directory.placement_order)
    placement = Case(
        *[When(plan=code, plan_paid_until__gte=today, then=Value(r)) for code, r in ranks.items()],
        default=Value(worst),
        output_field=IntegerField(),
    )
    points = Subquery(
        TierDecision.objects.filter(partner_id=OuterRef("pk"))
        .order_by("-as_of", "-edition_id")  # the unique index backwards: no sort per partner
        .annotate(p=Cast("facts__points", IntegerField()))
        .values("p")[:1]
    )
    qs = listed_partners(edition, today)
    if query.profile:
        qs = qs.filter(profile=query.profile)
    if query.country:
        qs = qs.filter(country=query.country)
    if query.level:
        qs = qs.filter(current_level=query.level)
    if query.certification:
        qs = qs.filter(
            Exists(
                Certification.objects.filter(
                    partner_id=OuterRef("pk"), type=query.certification
                ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            )
        )
    if query.q:
        needle = query.q.lower()
        qs = qs.filter(Q(name__icontains=needle) | Q(listing__search_text__contains=needle))
    return qs.annotate(level_rank=level_rank, placement_rank=placement, points=points).order_by(
        "-level_rank", "placement_rank", "-points", "name", "id"
    )


CARD_FIELDS = (
    "id",
    "name",
    "slug",
    "profile",
    "country",
    "current_level",
    "listing__description",
    "listing__services",
    "listing__logo_sha",
    "points",
    "placement_rank",
)


def _card(edition: Edition, row: dict[str, Any]) -> dict[str, Any]:
    level = row["current_level"]
    description = row["listing__description"] or ""
    return {
        "name": row["name"],
        "slug": row["slug"],
        "profile": _profile_name(edition, row["profile"]),
        "country": row["country"],
        "level": edition.level(level).name
        if level and edition.has_level(level)
        else "Registered partner",
        "certified": bool(level) and edition.has_level(level) and edition.level(level).certified,
        "summary": description[:180] + ("…" if len(description) > 180 else ""),
        "services": list(row["listing__services"] or [])[:4],
        "logo": row["listing__logo_sha"] or "",
        "points": row["points"] or 0,
    }


def _profile_name(edition: Edition, code: str) -> str:
    return next((p.name for p in edition.profiles if p.code == code), code)


def featured(edition: Edition, today: date, profile: str) -> list[dict[str, Any]]:
    """The featured strip of a profile's page: partners with extra visibility, rotating daily."""
    levels = rules.featured_levels(edition)
    if not levels or edition.directory.featured_count == 0:
        return []
    base = ordered(edition, today, DirectoryQuery(profile=profile)).filter(current_level__in=levels)
    ids = list(base.order_by("id").values_list("id", flat=True))
    chosen = rules.rotate_daily(ids, today, edition.directory.featured_count)
    rows = {r["id"]: r for r in base.filter(id__in=chosen).values(*CARD_FIELDS)}
    return [_card(edition, rows[i]) for i in chosen if i in rows]


def cache_marker() -> str:
    """What a cached page depends on besides its parameters: the latest review decision and
    the listings' version (bumped by every listing change)."""
    latest = TierDecision.objects.aggregate(m=Max("id"))["m"] or 0
    return f"{latest}.{cache.get(VERSION_KEY, 0)}"


def listings_changed() -> None:
    """Invalidate cached directory pages (called after a listing change is committed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def directory_page(
    edition: Edition, today: date, query: DirectoryQuery, page: int
) -> dict[str, Any]:
    """One page of the directory with its featured strip, cached.

    The key holds the edition, the day (the paid-plan test and the rotation change
    daily), the latest review decision, the listings' version and the parameters, so a
    review or a listing change shows at once; status changes (a lapse, a termination)
    show within the edition's `cache_seconds` (a short TTL).
    """
    params = hashlib.sha256(repr((asdict(query), page)).encode()).hexdigest()[:24]
    key = f"directory:{edition.edition_id}:{today.isoformat()}:{cache_marker()}:{params}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    # Order and page on the partner's own columns only; then read the page's 20 cards.
    paginator = Paginator(
        ordered(edition, today, query).values_list("id", flat=True), edition.directory.page_size
    )
    current = paginator.get_page(page)
    ids = list(current.object_list)
    rows = {
        r["id"]: r
        for r in ordered(edition, today, DirectoryQuery()).filter(id__in=ids).values(*CARD_FIELDS)
    }
    data = {
        "cards": [_card(edition, rows[i]) for i in ids if i in rows],
        "featured": featured(edition, today, query.profile)
        if query.profile and current.number == 1
        else [],
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
    }
    cache.set(key, data, edition.directory.cache_seconds)
    return data


def level_since(partner: Partner) -> date | None:
    """The first review day of the partner's current run at its level (None without one)."""
    level = partner.current_level
    if not level:
        return None
    since = None
    for as_of, lv in (
        TierDecision.objects.filter(partner=partner)
        .order_by("-as_of", "-id")
        .values_list("as_of", "level")
    ):
        if lv != level:
            break
        since = as_of
    return since


def certifications_held(partner: Partner, edition: Edition, today: date) -> list[tuple[str, int]]:
    """Valid certifications by type name and count (no names of people)."""
    counts: dict[str, int] = {}
    for code in (
        Certification.objects.filter(partner=partner)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values_list("type", flat=True)
    ):
        counts[code] = counts.get(code, 0) + 1
    names = {c.code: c.name for c in edition.certifications}
    return sorted(((names.get(k, k), n) for k, n in counts.items()), key=lambda kv: kv[0])


def case_studies(partner: Partner, limit: int = 10) -> list[dict[str, str]]:
    """The partner's approved case studies: the texts of its approved listing, then its
    approved case-study submissions (a title, the first line, and the link, if any)."""
    out: list[dict[str, str]] = []
    live = Listing.objects.filter(partner=partner).values_list("case_studies", flat=True).first()
    for item in live or []:
        out.append({"title": item.get("title", ""), "text": item.get("text", ""), "url": ""})
    for description, url in (
        Submission.objects.filter(
            partner=partner, activity__in=CASE_STUDY_ACTIVITIES, status=SubmissionStatus.APPROVED
        )
        .order_by("-occurred_on", "-id")
        .values_list("description", "evidence_url")[:limit]
    ):
        title = (description.strip().splitlines() or [""])[0][:120]
        out.append({"title": title or "Case study", "text": "", "url": url})
    return out[:limit]


def listing_of(partner: Partner) -> Listing | None:
    """The partner's public page content, if it wrote any."""
    return Listing.objects.filter(partner=partner).first()


def logo_of(slug: str) -> tuple[bytes, str] | None:
    """A partner's logo PNG and its hash, by slug (None without one)."""
    row = (
        Listing.objects.filter(partner__slug=slug, logo_sha__gt="")
        .values_list("logo_png", "logo_sha")
        .first()
    )
    if row is None or row[0] is None:
        return None
    return bytes(row[0]), row[1]


def pending_revision(partner: Partner) -> ListingRevision | None:
    """The partner's proposal waiting for staff, if any."""
    return ListingRevision.objects.filter(partner=partner, status=RevisionStatus.PENDING).first()


def last_rejection(partner: Partner) -> ListingRevision | None:
    """The partner's latest rejected proposal, unless a later one was approved or is pending."""
    latest = (
        ListingRevision.objects.filter(partner=partner)
        .exclude(status=RevisionStatus.SUPERSEDED)
        .order_by("-submitted_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.status == RevisionStatus.REJECTED else None


def moderation_queue(status: str = RevisionStatus.PENDING) -> QuerySet[ListingRevision]:
    """Revisions of one status (pending: oldest first, the queue; else newest first)."""
    qs = ListingRevision.objects.filter(status=status).select_related("partner", "submitted_by")
    if status == RevisionStatus.PENDING:
        return qs.order_by("submitted_at", "id")
    return qs.order_by("-decided_at", "-id")


def revision_for_staff(pk: int) -> ListingRevision | None:
    """One revision with its partner and author (None if there is no such revision)."""
    return (
        ListingRevision.objects.select_related("partner", "submitted_by", "decided_by")
        .filter(pk=pk)
        .first()
    )


def revision_logo(pk: int) -> bytes | None:
    """The re-encoded logo a revision proposes (None without one)."""
    png = (
        ListingRevision.objects.filter(pk=pk, logo_sha__gt="")
        .values_list("logo_png", flat=True)
        .first()
    )
    return bytes(png) if png is not None else None
