"""Applying, confirming the email, and staff approving or rejecting.

An application is stored `unconfirmed` and a signed link is mailed to the
contact; only after the link is opened does it reach the staff queue. Approval
creates the partner (status applicant) and invites the contact as partner admin.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from partnercenter.applications import throttle
from partnercenter.applications.duplicates import duplicate_find
from partnercenter.applications.errors import (
    AlreadyDecided,
    ConfirmationExpired,
    ContactHasAccount,
    InvalidConfirmation,
    InvalidEmail,
    InvalidField,
    NotConfirmed,
    ReasonRequired,
    TermsNotAccepted,
    TooManyApplications,
    UnknownCountry,
    UnknownProfile,
)
from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.audit.services import audit_record
from partnercenter.hooks.services import deliveries_unpark
from partnercenter.ledger.errors import InvalidEntry
from partnercenter.notifications.services import message_queue
from partnercenter.partners.invitations import INVITE_DAYS, invite_token, invite_url
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.partners.services import partner_create
from partnercenter.programs.selectors import edition_at

CONFIRM_SALT = "partnercenter.applications.confirm"
DESCRIPTION_MAX = 2000
REASON_MAX = 4000


def confirm_days() -> int:
    """Days a confirmation link works (setting `PARTNERCENTER_APPLICATION_CONFIRM_DAYS`)."""
    return int(getattr(settings, "PARTNERCENTER_APPLICATION_CONFIRM_DAYS", 7))


@dataclass(frozen=True)
class SubmitResult:
    """The stored application, or None when the honeypot caught a robot (nothing stored)."""

    application: Application | None

    @property
    def discarded(self) -> bool:
        return self.application is None


@dataclass(frozen=True)
class ConfirmResult:
    """The confirmed application; `newly` is False when the link was opened before."""

    application: Application
    newly: bool


@dataclass(frozen=True)
class ApproveResult:
    """The approved application, the partner it created and the invited partner admin."""

    application: Application
    partner: Partner
    person: Person


def _text(value: str, field: str, label: str, *, most: int, required: bool = True) -> str:
    value = " ".join(str(value or "").split())
    if "\x00" in value:
        raise InvalidField(f"The {label} contains a character that is not allowed.", field=field)
    if required and not value:
        raise InvalidField(f"Enter the {label}.", field=field)
    if len(value) > most:
        raise InvalidField(f"The {label} is at most {most} characters.", field=field)
    return value


def _website(value: str) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    if len(value) > 200:
        raise InvalidField("The website address is at most 200 characters.", field="website")
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidField(
            "Enter the website as an address like https://example.com.", field="website"
        ) from None
    return value


def _email(value: str) -> str:
    value = str(value or "").strip().lower()
    if not value:
        raise InvalidEmail("Enter the contact's email address.")
    try:
        validate_email(value)
    except ValidationError:
        raise InvalidEmail(f"{value[:80]!r} is not an email address.") from None
    if len(value) > 254:
        raise InvalidEmail("The email address is at most 254 characters.")
    return value


def application_clean(
    *,
    company: str,
    country: str,
    website: str,
    profile: str,
    contact_name: str,
    contact_email: str,
    student: bool,
    description: str,
    accepts_terms: bool,
    today: date | None = None,
) -> dict[str, Any]:
    """Every field checked and normalised, or the first refusal naming its field."""
    clean: dict[str, Any] = {
        "company": _text(company, "company", "company name", most=200),
    }
    code = str(country or "").strip().upper()
    if code not in dict(countries):
        raise UnknownCountry(f"Choose a country from the list ({str(country)[:10]!r} is not one).")
    clean["country"] = code
    clean["website"] = _website(website)
    edition = edition_at(today or timezone.now().date())
    codes = [p.code for p in edition.profiles]
    if profile not in codes:
        raise UnknownProfile(f"Choose a profile from the list: {', '.join(codes)}.")
    clean["profile"] = profile
    clean["edition_id"] = edition.edition_id
    clean["contact_name"] = _text(contact_name, "contact_name", "contact's name", most=200)
    clean["contact_email"] = _email(contact_email)
    clean["student"] = bool(student)
    text = str(description or "").strip()
    if "\x00" in text:
        raise InvalidField(
            "The description contains a character that is not allowed.", field="description"
        )
    if not text:
        raise InvalidField("Tell us in a few words what your company does.", field="description")
    if len(text) > DESCRIPTION_MAX:
        raise InvalidField(
            f"The description is at most {DESCRIPTION_MAX} characters.", field="description"
        )
    clean["description"] = text
    if accepts_terms is not True:
        raise TermsNotAccepted("Accept the program terms to apply.")
    clean["accepts_terms"] = True
    return clean


def confirm_token(application: Application) -> str:
    """A signed token naming the application and the email it was sent to."""
    return signing.dumps({"a": application.pk, "e": application.contact_email}, salt=CONFIRM_SALT)


def confirm_url(token: str) -> str:
    return settings.PARTNERCENTER_SITE_URL + reverse("apply:confirm", kwargs={"token": token})


def _flag(application: Application) -> None:
    match = duplicate_find(
        company=application.company,
        contact_email=application.contact_email,
        exclude_pk=application.pk,
    )
    application.duplicate_of_partner = match.partner if match else None
    application.duplicate_of_application = match.application if match else None
    application.duplicate_reason = match.reason[:300] if match else ""


def _ip(value: str | None) -> str | None:
    """The peer address as stored (None when it is not an IP address, e.g. "unknown")."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def application_submit(
    *,
    company: str,
    country: str,
    website: str,
    profile: str,
    contact_name: str,
    contact_email: str,
    student: bool,
    description: str,
    accepts_terms: bool,
    ip: str | None = None,
    honeypot: str = "",
) -> SubmitResult:
    """Store an unconfirmed application and mail the contact a confirmation link.

    Refused (nothing stored) on a bad field or when the address sent too many in
    the last hour. A filled honeypot means a robot: answered like a success, nothing kept.
    """
    wait = throttle.retry_after(ip or "")
    if wait:
        raise TooManyApplications(
            f"Too many applications from your address; try again in {wait // 60 + 1} minutes.",
            retry_after=wait,
        )
    clean = application_clean(
        company=company,
        country=country,
        website=website,
        profile=profile,
        contact_name=contact_name,
        contact_email=contact_email,
        student=student,
        description=description,
        accepts_terms=accepts_terms,
    )
    throttle.count(ip or "")
    if honeypot.strip():
        return SubmitResult(None)
    application = Application(**clean, submitted_ip=_ip(ip))
    _flag(application)
    application.save()
    token = confirm_token(application)
    message_queue(
        kind="application_confirm",
        to=application.contact_email,
        context={
            "application": application,
            "link": confirm_url(token),
            "days": confirm_days(),
        },
        key=f"application-confirm:{application.pk}",
    )
    return SubmitResult(application)


@transaction.atomic
def application_confirm(*, token: str) -> ConfirmResult:
    """Open the confirmation link: the application goes to the staff queue (once)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise ConfirmationExpired(
            f"This confirmation link is more than {confirm_days()} days old. Please apply again."
        ) from None
    except signing.BadSignature:
        raise InvalidConfirmation("This confirmation link is not valid.") from None
    try:
        pk = int(data["a"])
    except (KeyError, TypeError, ValueError):
        raise InvalidConfirmation("This confirmation link is not valid.") from None
    application = Application.objects.select_for_update().filter(pk=pk).first()
    if application is None or application.contact_email != data.get("e"):
        raise InvalidConfirmation("This confirmation link names no application.")
    if application.status != ApplicationStatus.UNCONFIRMED:
        return ConfirmResult(application, newly=False)
    application.status = ApplicationStatus.SUBMITTED
    application.confirmed_at = timezone.now()
    _flag(application)  # partners and applications may have arrived since it was sent
    application.save(
        update_fields=[
            "status",
            "confirmed_at",
            "duplicate_of_partner",
            "duplicate_of_application",
            "duplicate_reason",
        ]
    )
    return ConfirmResult(application, newly=True)


def _decidable(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == ApplicationStatus.UNCONFIRMED:
        raise NotConfirmed("The applicant has not confirmed the email address yet.")
    if locked.status != ApplicationStatus.SUBMITTED:
        raise AlreadyDecided(f"This application was already {locked.status}.")
    return locked


def _unique_slug(company: str) -> str:
    base = slugify(company)[:90].strip("-") or "partner"
    slug, n = base, 1
    while Partner.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_approve(*, application: Application, staff: AbstractBaseUser) -> ApproveResult:
    """Create the partner (applicant) and its partner admin, and mail the invitation link."""
    locked = _decidable(application)
    if User.objects.filter(username__iexact=locked.contact_email).exists():
        raise ContactHasAccount(
            f"{locked.contact_email} already signs in to Partner Center; "
            "ask the applicant for another contact or reject with that reason."
        )
    try:
        partner = partner_create(
            name=locked.company,
            slug=_unique_slug(locked.company),
            profile=locked.profile,
            country=locked.country,
            website=locked.website,
            status="applicant",
            student=locked.student,
        )
    except InvalidEntry as exc:  # the edition in force changed its profiles since
        raise UnknownProfile(exc.message) from None
    person = Person.objects.create(
        partner=partner, name=locked.contact_name, email=locked.contact_email, role=Role.ADMIN
    )
    locked.status = ApplicationStatus.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = staff  # type: ignore[assignment]
    locked.partner = partner
    locked.save(update_fields=["status", "decided_at", "decided_by", "partner"])
    message_queue(
        kind="application_approved",
        to=person.email,
        context={
            "application": locked,
            "partner": partner,
            "person": person,
            "link": invite_url(invite_token(person)),
            "days": INVITE_DAYS,
        },
        key=f"application-approved:{locked.pk}",
        partner=partner,
    )
    transaction.on_commit(lambda: deliveries_unpark(person=person))
    audit_record(
        actor=staff,
        action="application.approve",
        target=partner,
        details={"application": locked.pk, "company": locked.company},
    )
    return ApproveResult(locked, partner, person)


@transaction.atomic
def application_reject(
    *, application: Application, staff: AbstractBaseUser, reason: str
) -> Application:
    """Refuse the application with a reason, which is mailed to the contact."""
    reason = str(reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why: the reason is mailed to the applicant.")
    if len(reason) > REASON_MAX:
        raise ReasonRequired(f"The reason is at most {REASON_MAX} characters.")
    locked = _decidable(application)
    locked.status = ApplicationStatus.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = staff  # type: ignore[assignment]
    locked.reject_reason = reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
    message_queue(
        kind="application_rejected",
        to=locked.contact_email,
        context={"application": locked, "reason": reason},
        key=f"application-rejected:{locked.pk}",
    )
    audit_record(
        actor=staff,
        action="application.reject",
        target=("application", locked.pk, locked.company),
        details={"reason": reason},
    )
    return locked
