"""Issuing certificates: compute today's facts, reuse the certificate stating exactly those
facts, else render a new PDF with a verification code and store it as a document."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.certificates.models import Certificate, CertificateKind
from partnercenter.certificates.selectors import (
    certification_facts,
    facts_sha256,
    level_facts,
)
from partnercenter.documents.models import DocumentKind
from partnercenter.documents.services import document_code_new, document_store, render_pdf
from partnercenter.partners.models import Certification, Partner


def _issue(
    *,
    partner: Partner,
    kind: str,
    subject: str,
    facts: dict[str, Any],
    template: str,
    title: str,
    filename: str,
    at: datetime,
    certification: Certification | None = None,
) -> Certificate:
    sha = facts_sha256(facts)
    existing = Certificate.objects.filter(
        partner=partner, subject=subject, facts_sha256=sha
    ).first()
    if existing is not None:
        return existing
    code = document_code_new()
    pdf = render_pdf(template, {"code": code, "facts": _dates(facts), "title": title})
    try:
        with transaction.atomic():
            # One issuer per partner at a time: two clicks give one document.
            list(Partner.objects.select_for_update().filter(pk=partner.pk).values_list("pk"))
            again = Certificate.objects.filter(
                partner=partner, subject=subject, facts_sha256=sha
            ).first()
            if again is not None:
                return again
            document = document_store(
                partner=partner,
                kind=DocumentKind.CERTIFICATE,
                title=title,
                filename=filename,
                pdf=pdf,
                code=code,
                edition_id=str(facts.get("edition_id", "")),
            )
            return Certificate.objects.create(
                partner=partner,
                kind=kind,
                subject=subject,
                certification=certification,
                facts=facts,
                facts_sha256=sha,
                document=document,
                issued_at=at,
            )
    except IntegrityError:
        return Certificate.objects.get(partner=partner, subject=subject, facts_sha256=sha)


def _dates(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts for the template, ISO dates turned into dates."""
    out = dict(facts)
    for key in ("earned_on", "valid_until", "since"):
        if out.get(key):
            out[key] = date.fromisoformat(out[key])
    return out


def certificate_for_certification(
    *, certification: Certification, at: datetime | None = None
) -> Certificate:
    """The certificate of a person's certification (the same one while the facts hold)."""
    at = at or timezone.now()
    facts = certification_facts(certification, at.astimezone(UTC).date())
    return _issue(
        partner=certification.partner,
        kind=CertificateKind.CERTIFICATION,
        subject=f"certification:{certification.pk}",
        facts=facts,
        template="certificates/certification.pdf.html",
        title=(
            f"Certificate: {facts['person']}, Exponential {facts['certification']} "
            f"certification ({facts['partner']})"
        ),
        filename=f"certificate-{certification.partner.slug}-{certification.pk}.pdf",
        at=at,
        certification=certification,
    )


def certificate_for_level(*, partner: Partner, at: datetime | None = None) -> Certificate:
    """The "Exponential certified — <level>" certificate of a partner at Silver or higher."""
    at = at or timezone.now()
    facts = level_facts(partner, at.astimezone(UTC).date())
    return _issue(
        partner=partner,
        kind=CertificateKind.LEVEL,
        subject="level",
        facts=facts,
        template="certificates/level.pdf.html",
        title=f"Certificate: {facts['partner']}, Exponential certified — {facts['level']}",
        filename=f"certificate-{partner.slug}-{facts['level_code']}-{at:%Y-%m}.pdf",
        at=at,
    )
