"""Recording a certification the certification system reports (the webhook's service).

The three ways in — this webhook, `partnercenter import certifications` and the back
office — all record through `partners.services.certification_record`, which keeps one
row per person, type and day earned and posts the type's points once per person, so a
certification that arrives by two paths earns its points once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnercenter.certifications.errors import CertificationRefused
from partnercenter.identity.selectors import person_by_verified_email
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Certification, Person
from partnercenter.partners.services import certification_record
from partnercenter.programs.selectors import edition_at


def person_by_certified_email(email: str) -> Person | None:
    """The partner person a certification for `email` belongs to (None: nobody yet).

    Only an address the person has proven (an allauth-verified address of their
    account, as accepting an invitation gives) matches: an email typed onto a person
    could hand someone else's certification points to a partner.
    """
    if not email:
        return None
    return person_by_verified_email(email)


def day_from(value: Any, field: str, *, required: bool = True) -> date | None:
    """A `YYYY-MM-DD` date sent by the certification system, or a refusal naming the field."""
    if value in (None, ""):
        if required:
            raise CertificationRefused(f"{field} is required (YYYY-MM-DD).", field=field)
        return None
    if not isinstance(value, str):
        raise CertificationRefused(
            f"{field} must be a date YYYY-MM-DD, not {value!r}.", field=field
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CertificationRefused(
            f"{field} is not a date YYYY-MM-DD: {value!r}.", field=field
        ) from None


@dataclass(frozen=True)
class Checked:
    """A reported certification whose type and dates hold."""

    type: str
    earned_on: date
    expires_on: date | None


def certification_check(*, type: Any, earned_on: Any, expires_on: Any) -> Checked:
    """Check a reported type and dates against the edition in force when it was earned."""
    earned = day_from(earned_on, "earned_on")
    expires = day_from(expires_on, "expires_on", required=False)
    assert earned is not None
    if earned > timezone.now().date():
        raise CertificationRefused(f"earned_on {earned} is in the future.", field="earned_on")
    if expires is not None and expires <= earned:
        raise CertificationRefused(
            f"expires_on {expires} must be after earned_on {earned}.", field="expires_on"
        )
    code = type.strip().lower() if isinstance(type, str) else ""
    edition = edition_at(earned)
    known = [c.code for c in edition.certifications]
    if code not in known:
        raise CertificationRefused(
            f"{type!r} is not a certification type of edition {edition.edition_id} "
            f"({', '.join(known)}).",
            field="certification",
        )
    earliest = edition.effective_from.replace(year=edition.effective_from.year - 10)
    if earned < earliest:
        raise CertificationRefused(
            f"earned_on {earned} is implausibly early (before {earliest}).", field="earned_on"
        )
    return Checked(code, earned, expires)


@dataclass(frozen=True)
class Reported:
    """What a report did: the certification (None: the person is unknown) and points posted."""

    certification: Certification | None
    person: Person | None
    created: bool = False
    points: int = 0


@transaction.atomic
def certification_report(
    *, email: str, type: Any, earned_on: Any, expires_on: Any = None
) -> Reported:
    """Record a certification the certification system reports for `email`.

    Refused (`CertificationRefused`, by field) for an unknown type or bad dates, before
    the person is looked up; an unknown email records nothing (`person` None: the
    caller parks it). Reporting it again changes nothing; the same person, type and
    day with another expiry date is refused (a certification is never edited).
    """
    checked = certification_check(type=type, earned_on=earned_on, expires_on=expires_on)
    person = person_by_certified_email(email.strip())
    if person is None:
        return Reported(None, None)
    occasion = Entry.objects.filter(person=person, occasion=f"{checked.type} certification")
    before = occasion.count()
    try:
        result = certification_record(
            person=person,
            type=checked.type,
            earned_on=checked.earned_on,
            expires_on=checked.expires_on,
        )
    except LedgerError as exc:
        raise CertificationRefused(exc.message, field=exc.field or "certification") from exc
    posted = occasion.count() > before
    return Reported(
        result.certification, person, result.created, result.entry.points if posted else 0
    )
