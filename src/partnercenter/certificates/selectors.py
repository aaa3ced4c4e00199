"""Reads: the facts a certificate would state today, and a partner's certificates."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from partnercenter.certificates.errors import NotCertifiable, UnknownSubject
from partnercenter.certificates.models import Certificate, CertificateKind
from partnercenter.partners.models import Certification, Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review.models import TierDecision


def facts_sha256(facts: dict[str, Any]) -> str:
    """A stable fingerprint of the facts (keys sorted): equal facts, equal fingerprint."""
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def next_review_on(today: date) -> date:
    """The next review day after `today` (the edition's monthly review day): a level holds
    until the review that may change it."""
    day = edition_at(today).review_day_of_month
    month = date(today.year, today.month, 1)
    candidate = month.replace(day=min(day, 28))
    if candidate <= today:
        nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        candidate = nxt.replace(day=min(day, 28))
    return candidate


def level_since(partner: Partner) -> date | None:
    """The first review date of the partner's current unbroken run at its current level."""
    since = partner.current_level_as_of
    for level, as_of in (
        TierDecision.objects.filter(partner=partner)
        .order_by("-as_of")
        .values_list("level", "as_of")
    ):
        if level != partner.current_level:
            break
        since = as_of
    return since


def certification_facts(certification: Certification, today: date) -> dict[str, Any]:
    """What a certification's certificate states; refused when revoked or expired."""
    if hasattr(certification, "revocation"):
        raise NotCertifiable("This certification was revoked; there is no certificate for it.")
    if certification.expires_on is not None and certification.expires_on < today:
        raise NotCertifiable(
            f"This certification expired on {certification.expires_on:%d %B %Y}.", field="subject"
        )
    edition = edition_at(today)
    type_name = (
        edition.certification(certification.type).name
        if any(c.code == certification.type for c in edition.certifications)
        else certification.type
    )
    return {
        "person": certification.person.name,
        "certification": type_name,
        "certification_kind": certification.kind,
        "partner": certification.partner.name,
        "earned_on": certification.earned_on.isoformat(),
        "valid_until": certification.expires_on.isoformat() if certification.expires_on else "",
        "edition_id": edition.edition_id,
    }


def level_facts(partner: Partner, today: date) -> dict[str, Any]:
    """What the level certificate states; refused below the certified levels (Silver and up)."""
    edition = edition_at(today)
    code = partner.current_level
    if partner.status != PartnerStatus.ACTIVE or not code or not edition.has_level(code):
        raise NotCertifiable(f"{partner.name} holds no level to certify.", field="subject")
    level = edition.level(code)
    if not level.certified:
        certified = [lv.name for lv in edition.levels if lv.certified]
        raise NotCertifiable(
            f"{level.name} is not a certified level; {', '.join(certified)} are.", field="subject"
        )
    since = level_since(partner)
    return {
        "partner": partner.name,
        "level": level.name,
        "level_code": level.code,
        "category": level.category,
        "since": since.isoformat() if since else "",
        "valid_until": next_review_on(today).isoformat(),
        "edition_id": edition.edition_id,
    }


def certificates_of_partner(partner: Partner) -> QuerySet[Certificate]:
    """Every certificate issued to the partner, newest first (document bytes deferred)."""
    return (
        Certificate.objects.filter(partner=partner)
        .select_related("document", "certification__person")
        .defer("document__pdf")
        .order_by("-issued_at", "-id")
    )


@dataclass(frozen=True)
class Row:
    """A certificate the partner may hold: its subject, the latest issued copy, and whether
    the facts today differ (or why it cannot be issued)."""

    subject: str
    kind: str
    label: str
    latest: Certificate | None
    current: bool
    refusal: str


def partner_certificate_rows(partner: Partner, today: date) -> list[Row]:
    """The partner level and each person's certification, with their latest certificate."""
    latest: dict[str, Certificate] = {}
    for cert in certificates_of_partner(partner):
        latest.setdefault(cert.subject, cert)
    rows: list[Row] = []

    def add(subject: str, kind: str, label: str, facts: Any) -> None:
        refusal = ""
        try:
            sha = facts_sha256(facts())
        except NotCertifiable as exc:
            refusal, sha = exc.message, ""
        found = latest.get(subject)
        current = found is not None and found.facts_sha256 == sha
        rows.append(Row(subject, kind, label, found, current, refusal))

    edition = edition_at(today)
    level = partner.current_level
    level_name = edition.level(level).name if level and edition.has_level(level) else "none yet"
    names = {c.code: c.name for c in edition.certifications}
    add(
        "level",
        CertificateKind.LEVEL,
        f"Partner level: {level_name}",
        lambda: level_facts(partner, today),
    )
    certifications = (
        Certification.objects.filter(partner=partner)
        .select_related("person", "partner", "revocation")
        .order_by("person__name", "earned_on", "pk")
    )
    for c in certifications:
        add(
            f"certification:{c.pk}",
            CertificateKind.CERTIFICATION,
            f"{c.person.name}: {names.get(c.type, c.type)} certification "
            f"(earned {c.earned_on:%-d %b %Y})",
            lambda c=c: certification_facts(c, today),
        )
    return rows


def certification_of_partner(partner: Partner, pk: Any) -> Certification:
    """One of the partner's certifications, or a refusal naming the field."""
    try:
        found = Certification.objects.select_related("person", "partner").get(
            pk=int(pk), partner=partner
        )
    except (TypeError, ValueError, Certification.DoesNotExist):
        raise UnknownSubject("There is no such certification of your partner.") from None
    return found


def certificate_of_partner(partner_slug: str, code: str) -> Certificate | None:
    """A partner's certificate by its document's verification code, with the PDF."""
    return (
        Certificate.objects.select_related("document", "partner")
        .filter(partner__slug=partner_slug, document__code=code)
        .first()
    )
