"""Creating partners and people, and recording certifications (which post their points)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from partnercenter.domain.windows import add_months
from partnercenter.ledger.errors import CapReached, InvalidEntry
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.partners.errors import AlreadyRevoked, RevocationInvalid
from partnercenter.partners.models import (
    Certification,
    CertificationRevocation,
    Partner,
    Person,
)
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.cache import standing_changed


@dataclass(frozen=True)
class CertificationResult:
    """The certification and the ledger entry its points were posted as."""

    certification: Certification
    entry: Entry
    created: bool


@transaction.atomic
def certification_record(
    *, person: Person, type: str, earned_on: date, expires_on: date | None = None
) -> CertificationResult:
    """Record that a person earned a certification, and post its points once.

    Every way in (staff, `import certifications`, the certification system's webhook)
    calls this: the same person, type and day earned again changes nothing; with
    another expiry date it is refused on `expires_on`.
    """
    edition = edition_at(earned_on)
    try:
        cert_type = edition.certification(type)
    except KeyError:
        raise InvalidEntry(
            f"Certification type {type!r} is not in edition {edition.edition_id}."
        ) from None
    if earned_on > timezone.now().date():
        raise InvalidEntry("earned_on cannot be in the future.")
    if earned_on < edition.effective_from.replace(year=edition.effective_from.year - 10):
        raise InvalidEntry(f"earned_on {earned_on} is implausibly early.")
    if expires_on is not None and expires_on <= earned_on:
        raise InvalidEntry("expires_on must be after earned_on.")
    cert, created = Certification.objects.get_or_create(
        person=person,
        type=cert_type.code,
        earned_on=earned_on,
        defaults={
            "partner_id": person.partner_id,
            "kind": cert_type.kind,
            "expires_on": expires_on,
        },
    )
    if created:
        standing_changed(person.partner_id)  # certifications count toward the level
    if not created and cert.expires_on != expires_on:
        # One row per person, type and day earned, never edited: the same certificate with
        # another expiry is a contradiction to refuse, not a silent no-op.
        was = cert.expires_on.isoformat() if cert.expires_on else "no expiry"
        raise InvalidEntry(
            f"This {cert_type.name} certification earned {earned_on} is already recorded "
            f"with expires_on {was}; a certification is never changed.",
            field="expires_on",
        )
    # Points come with a person's first certification of a type; a renewal records the
    # certificate (it keeps counting toward the level) but earns no second 1,000 points.
    occasion = f"{cert_type.code} certification"
    earlier = Entry.objects.filter(
        person=person,
        activity=cert_type.activity,
        occasion=occasion,
        reversed_by__isnull=True,
        reverses__isnull=True,
    ).first()
    if earlier is not None:
        return CertificationResult(cert, earlier, created)
    posted = entry_post(
        partner=person.partner,
        person=person,
        activity=cert_type.activity,
        occurred_at=datetime.combine(earned_on, time(12), tzinfo=UTC),
        source=Source.SYSTEM,
        # Name-free: the entry names the person by id (personal data can be erased; entries cannot).
        reason=f"{cert_type.name} certification earned",
        occasion=occasion,
        idempotency_key=f"certification:{person.pk}:{cert_type.code}:{earned_on.isoformat()}",
    )
    return CertificationResult(cert, posted.entry, created)


def _certification_key(cert: Certification) -> str:
    return f"certification:{cert.person_id}:{cert.type}:{cert.earned_on.isoformat()}"


@dataclass(frozen=True)
class RevocationResult:
    """The recorded revocation and, if its points were reversed, the reversing entry."""

    revocation: CertificationRevocation
    reversal: Entry | None


@transaction.atomic
def certification_revoke(
    *,
    certification: Certification,
    on: date,
    reason: str,
    user: Any,
    reverse_points: bool = False,
) -> RevocationResult:
    """Revoke a certification from `on`: it stops counting for the level that day and after.

    The certification itself is never edited or deleted, so the answer for any day
    before `on` stays what it was. `on` may not be in the past for the same reason.
    `reverse_points` (fraud, say) also reverses the 1,000 points the certification
    earned through the ledger; an expiry or a lapse keeps them (they were earned).
    """
    reason = reason.strip()
    if not reason:
        raise RevocationInvalid("Give the reason for the revocation.", field="reason")
    today = timezone.now().date()
    if on < today:
        raise RevocationInvalid(
            f"A revocation takes effect today ({today}) or later; an earlier day would "
            "change answers already given.",
            field="on",
        )
    if on <= certification.earned_on:
        raise RevocationInvalid("The revocation must come after the day it was earned.", field="on")
    # Lock the certification's partner so two revocations cannot both pass the check.
    Partner.objects.select_for_update().filter(pk=certification.partner_id).first()
    if CertificationRevocation.objects.filter(certification=certification).exists():
        raise AlreadyRevoked(f"This certification is already revoked ({certification}).")
    reversal = None
    if reverse_points:
        earned = Entry.objects.filter(
            idempotency_key=_certification_key(certification), reversed_by__isnull=True
        ).first()
        if earned is not None:
            reversal = entry_reverse(
                entry=earned,
                reason=f"Certification #{certification.pk} revoked: {reason}"[:500],
                idempotency_key=f"revoke:certification:{certification.pk}",
            ).entry
    standing_changed(certification.partner_id)
    revocation = CertificationRevocation.objects.create(
        certification=certification,
        revoked_on=on,
        reason=reason,
        reversed_points=reversal is not None,
        by=user if getattr(user, "is_authenticated", False) else None,
    )
    from partnercenter.audit.services import audit_record  # audit sits above partners

    audit_record(
        actor=user,
        action="certification.revoke",
        target=certification.partner,
        details={
            "certification": certification.pk,
            "type": certification.type,
            "revoked_on": on.isoformat(),
            "reason": reason,
            "reversed_points": reversal is not None,
        },
    )
    return RevocationResult(revocation, reversal)


def partner_create(
    *,
    name: str,
    slug: str,
    profile: str,
    country: str = "",
    website: str = "",
    status: str = "active",
    partner_since: date | None = None,
    student: bool = False,
    plan: str = "",
    plan_paid_until: date | None = None,
) -> Partner:
    """Create a partner whose profile (and plan, if any) exist in the current edition."""
    edition = edition_at(partner_since or date.today())
    if profile not in {p.code for p in edition.profiles}:
        raise InvalidEntry(f"Profile {profile!r} is not in edition {edition.edition_id}.")
    if plan and plan not in {p.code for p in edition.plans}:
        raise InvalidEntry(f"Plan {plan!r} is not in edition {edition.edition_id}.")
    return Partner.objects.create(
        name=name,
        slug=slug,
        profile=profile,
        country=country,
        website=website,
        status=status,
        partner_since=partner_since,
        student=student,
        plan=plan,
        plan_paid_until=plan_paid_until,
    )


def anniversaries_post(*, as_of: date) -> int:
    """Post the annual participation points of every anniversary reached before `as_of`.

    Idempotent (one key per partner and anniversary) and capped by the edition
    ("max 3 yrs"); partners already holding the cap are skipped in one query.
    Returns the number of entries posted.
    """
    edition = edition_at(as_of)
    codes = [a.code for a in edition.activities if a.code == "annual_participation"]
    if not codes:
        return 0
    activity = edition.activity(codes[0])
    most = activity.cap.max_total if activity.cap and activity.cap.max_total else 1
    held = dict(
        Entry.objects.filter(
            activity=activity.code, reverses__isnull=True, reversed_by__isnull=True
        )
        .values_list("partner_id")
        .annotate(n=models.Count("id"))
        .values_list("partner_id", "n")
    )
    posted = 0
    # Lapsed partners are still reviewed, so their anniversaries keep posting too.
    partners = Partner.objects.filter(
        status__in=("active", "lapsed"), partner_since__isnull=False
    ).only("id", "name", "partner_since")
    for partner in partners.iterator(chunk_size=2000):
        if held.get(partner.pk, 0) >= most:
            continue
        assert partner.partner_since is not None
        for year in range(1, most + 1):
            day = add_months(partner.partner_since, 12 * year)
            if day >= as_of:
                break
            try:
                result = entry_post(
                    partner=partner,
                    activity=activity.code,
                    occurred_at=datetime.combine(day, time(0), tzinfo=UTC),
                    source=Source.SYSTEM,
                    reason=f"{activity.name}: anniversary {year} of the partnership",
                    idempotency_key=f"anniversary:{partner.pk}:{year}",
                )
            except CapReached:
                break
            posted += int(result.created)
    return posted
