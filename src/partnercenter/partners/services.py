"""Creating partners and people, and recording certifications (which post their points)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import transaction

from partnercenter.ledger.errors import InvalidEntry
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Certification, Partner, Person
from partnercenter.programs.selectors import edition_at


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

    Recording the same certification again changes nothing.
    """
    edition = edition_at(earned_on)
    try:
        cert_type = edition.certification(type)
    except KeyError:
        raise InvalidEntry(
            f"Certification type {type!r} is not in edition {edition.edition_id}."
        ) from None
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
        reason=f"{cert_type.name} certification earned by {person.name}",
        occasion=occasion,
        idempotency_key=f"certification:{person.pk}:{cert_type.code}:{earned_on.isoformat()}",
    )
    return CertificationResult(cert, posted.entry, created)


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
