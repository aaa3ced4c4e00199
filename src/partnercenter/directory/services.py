"""Writing a partner's public page: proposals wait for staff; approval publishes them.

`listing_propose` is what a partner admin does (a pending `ListingRevision`);
`listing_revision_approve` / `listing_revision_reject` are the staff decisions;
`listing_update` publishes directly (demo data, and the approval itself).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.directory.errors import (
    CaseStudiesRefused,
    DescriptionTooLong,
    ListingError,
    NotStaff,
    ReasonRequired,
    RevisionNotPending,
    TooManyServices,
)
from partnercenter.directory.logo import logo_reencode
from partnercenter.directory.models import Listing, ListingRevision, LogoChange, RevisionStatus
from partnercenter.directory.selectors import listings_changed
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, Person

MAX_DESCRIPTION = 2000
MAX_SERVICES = 8
MAX_SERVICE_CHARS = 60
MAX_CASE_STUDIES = 5
MAX_CASE_TITLE = 120
MAX_CASE_TEXT = 1000
MAX_REASON = 2000


@dataclass(frozen=True)
class ListingResult:
    """The saved listing and whether the logo changed."""

    listing: Listing
    logo_changed: bool


@dataclass(frozen=True)
class ProposeResult:
    """The pending revision (None when the proposal is what is already live)."""

    revision: ListingRevision | None
    replaced: int
    """How many earlier pending revisions this one replaced (0 or 1)."""


def _search_text(partner: Partner, description: str, services: list[str]) -> str:
    return " ".join([partner.name, description, *services]).lower()


def case_studies_parse(text: str) -> list[dict[str, str]]:
    """Case studies from the form's text: separated by a blank line, the first line the title."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    out = []
    for block in blocks:
        title, _, body = block.partition("\n")
        out.append({"title": title.strip(), "text": " ".join(body.split())})
    return out


def case_studies_text(items: list[dict[str, str]]) -> str:
    """The form's text of a list of case studies (the inverse of `case_studies_parse`)."""
    return "\n\n".join(f"{c['title']}\n{c['text']}".strip() for c in items)


def _checked(
    description: str, services: list[str], case_studies: list[dict[str, str]]
) -> tuple[str, list[str], list[dict[str, str]]]:
    """The content cleaned and within what a page shows, or a refusal naming the field."""
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise DescriptionTooLong(
            f"The description has {len(description)} characters; at most {MAX_DESCRIPTION}."
        )
    services = [s.strip() for s in services if s.strip()]
    if len(services) > MAX_SERVICES:
        raise TooManyServices(f"List at most {MAX_SERVICES} services, not {len(services)}.")
    long = next((s for s in services if len(s) > MAX_SERVICE_CHARS), None)
    if long is not None:
        raise TooManyServices(
            f"A service is at most {MAX_SERVICE_CHARS} characters: {long[:30]!r}… is longer."
        )
    cases = [
        {"title": c.get("title", "").strip(), "text": c.get("text", "").strip()}
        for c in case_studies
    ]
    cases = [c for c in cases if c["title"] or c["text"]]
    if len(cases) > MAX_CASE_STUDIES:
        raise CaseStudiesRefused(f"Give at most {MAX_CASE_STUDIES} case studies, not {len(cases)}.")
    for c in cases:
        if not c["title"] or len(c["title"]) > MAX_CASE_TITLE:
            raise CaseStudiesRefused(
                f"Each case study starts with a title line of 1 to {MAX_CASE_TITLE} characters."
            )
        if len(c["text"]) > MAX_CASE_TEXT:
            raise CaseStudiesRefused(
                f"The case study {c['title'][:30]!r} is longer than {MAX_CASE_TEXT} characters."
            )
    return description, services, cases


def _publish(
    *,
    partner: Partner,
    description: str,
    services: list[str],
    case_studies: list[dict[str, str]] | None,
    logo_change: str,
    png: bytes | None,
    approved_by: Any = None,
) -> ListingResult:
    listing, _ = Listing.objects.select_for_update().get_or_create(partner=partner)
    listing.description = description
    listing.services = services
    if case_studies is not None:
        listing.case_studies = case_studies
    listing.search_text = _search_text(partner, description, services)
    changed = False
    if logo_change == LogoChange.REPLACE and png is not None:
        listing.logo_png = png
        listing.logo_sha = hashlib.sha256(png).hexdigest()
        changed = True
    elif logo_change == LogoChange.REMOVE and listing.logo_sha:
        listing.logo_png = None
        listing.logo_sha = ""
        changed = True
    listing.approved_at = timezone.now()
    listing.approved_by = approved_by
    listing.save()
    transaction.on_commit(listings_changed)
    return ListingResult(listing=listing, logo_changed=changed)


def listing_update(
    *,
    partner: Partner,
    description: str,
    services: list[str],
    logo: bytes | None = None,
    remove_logo: bool = False,
    case_studies: list[dict[str, str]] | None = None,
) -> ListingResult:
    """Publish a partner's public page directly, without moderation (demo data, tests).

    Partners never call this: their edits go through `listing_propose`. The logo (if
    given) is checked and re-encoded before anything is written; a refusal changes nothing.
    """
    description, services, cases = _checked(description, services, case_studies or [])
    png = logo_reencode(logo) if logo is not None else None
    change = LogoChange.REPLACE if png else (LogoChange.REMOVE if remove_logo else LogoChange.KEEP)
    with transaction.atomic():
        return _publish(
            partner=partner,
            description=description,
            services=services,
            case_studies=cases if case_studies is not None else None,
            logo_change=change,
            png=png,
        )


def _same_as_live(
    partner: Partner, description: str, services: list[str], cases: list[dict[str, str]]
) -> bool:
    live = Listing.objects.filter(partner=partner).first()
    if live is None:
        return not (description or services or cases)
    return (live.description, list(live.services), list(live.case_studies)) == (
        description,
        services,
        cases,
    )


def listing_propose(
    *,
    partner: Partner,
    person: Person,
    description: str,
    services: list[str],
    case_studies: list[dict[str, str]] | None = None,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> ProposeResult:
    """A partner admin's edit of the public page: kept as a pending revision for staff.

    The approved listing stays live until staff approve. Saving again replaces the
    pending revision (a logo uploaded with it is carried over unless changed again).
    Saving exactly what is live withdraws the pending revision and proposes nothing.
    Checked (and the logo re-encoded) before anything is written.
    """
    if person.partner_id != partner.pk:
        raise ListingError("Only the partner's own people propose its page.", field="person")
    description, services, cases = _checked(description, services, case_studies or [])
    png = logo_reencode(logo) if logo is not None else None
    change: str = (
        LogoChange.REPLACE if png else (LogoChange.REMOVE if remove_logo else LogoChange.KEEP)
    )
    now = timezone.now()
    with transaction.atomic():
        list(Partner.objects.select_for_update().filter(pk=partner.pk).values_list("pk"))
        pending = (
            ListingRevision.objects.select_for_update()
            .filter(partner=partner, status=RevisionStatus.PENDING)
            .first()
        )
        if pending is not None:
            if change == LogoChange.KEEP and pending.logo_change != LogoChange.KEEP:
                change, png = pending.logo_change, pending.logo_png
            pending.status = RevisionStatus.SUPERSEDED
            pending.decided_at = now
            pending.save(update_fields=["status", "decided_at"])
        if change == LogoChange.KEEP and _same_as_live(partner, description, services, cases):
            return ProposeResult(revision=None, replaced=1 if pending else 0)
        revision = ListingRevision.objects.create(
            partner=partner,
            description=description,
            services=services,
            case_studies=cases,
            logo_change=change,
            logo_png=bytes(png) if png else None,
            logo_sha=hashlib.sha256(bytes(png)).hexdigest() if png else "",
            submitted_by=person,
            submitted_at=now,
        )
        audit_record(
            actor=person.user if person.user_id else person.email,
            action="listing.propose",
            target=partner,
            details={"revision": revision.pk, "logo": change, "replaced": bool(pending)},
        )
    return ProposeResult(revision=revision, replaced=1 if pending else 0)


def _require_staff(staff_user: Any) -> None:
    if not (getattr(staff_user, "is_staff", False) and getattr(staff_user, "is_active", False)):
        raise NotStaff("Only program staff decide on a partner's public page.")


def _locked_pending(revision: ListingRevision) -> ListingRevision:
    current = (
        ListingRevision.objects.select_for_update().select_related("partner").get(pk=revision.pk)
    )
    if current.status != RevisionStatus.PENDING:
        raise RevisionNotPending(
            f"Revision #{current.pk} is already {current.get_status_display().lower()}; "
            "nothing was changed."
        )
    return current


def _mail_admins(revision: ListingRevision, kind: str) -> None:
    for email in partner_admin_emails(revision.partner):
        message_queue(
            kind=kind,
            to=email,
            context={"partner": revision.partner, "revision": revision},
            key=f"{kind}:{revision.pk}:{email}"[:200],
            partner=revision.partner,
        )


@transaction.atomic
def listing_revision_approve(*, revision: ListingRevision, staff_user: Any) -> Listing:
    """Publish a pending revision: it becomes the live listing, the directory's caches reset."""
    _require_staff(staff_user)
    current = _locked_pending(revision)
    result = _publish(
        partner=current.partner,
        description=current.description,
        services=list(current.services),
        case_studies=list(current.case_studies),
        logo_change=current.logo_change,
        png=bytes(current.logo_png) if current.logo_png is not None else None,
        approved_by=staff_user,
    )
    current.status = RevisionStatus.APPROVED
    current.decided_by = staff_user
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=staff_user,
        action="listing.approve",
        target=current.partner,
        details={"revision": current.pk, "logo": current.logo_change},
    )
    _mail_admins(current, "listing_approved")
    return result.listing


@transaction.atomic
def listing_revision_reject(
    *, revision: ListingRevision, staff_user: Any, reason: str
) -> ListingRevision:
    """Refuse a pending revision with a reason, mailed to the partner admins; nothing goes live."""
    _require_staff(staff_user)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why: the reason is mailed to the partner admins.")
    if len(reason) > MAX_REASON:
        raise ReasonRequired(f"Keep the reason under {MAX_REASON} characters.")
    current = _locked_pending(revision)
    current.status = RevisionStatus.REJECTED
    current.reason = reason
    current.decided_by = staff_user
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        actor=staff_user,
        action="listing.reject",
        target=current.partner,
        details={"revision": current.pk, "reason": reason},
    )
    _mail_admins(current, "listing_rejected")
    return current
