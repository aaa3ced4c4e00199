"""Turning an edition's contract template and a partner's details into the PDFs partners sign.

The edition's template (`programs/<program>/<edition>/contract.html`) extends
`documents/pdf_base.html`; `contracts/pdf/contract.html` renders it as is, and
`contracts/pdf/signed.html` extends it with the signature page, so the signed copy
repeats the contract's text page for page and adds the record of the signature.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template import Template
from django_countries import countries

from partnercenter.contracts.models import Contract, ContractKind
from partnercenter.documents.services import render_pdf
from partnercenter.domain.program import Edition
from partnercenter.partners.models import Partner, Person, Role


def partner_details(partner: Partner, edition: Edition) -> dict[str, str]:
    """The partner's details as the contract prints them (kept with the contract)."""
    contact = (
        Person.objects.filter(partner=partner, role=Role.ADMIN).order_by("id").first()
        or Person.objects.filter(partner=partner).order_by("id").first()
    )
    profiles = {p.code: p.name for p in edition.profiles}
    return {
        "name": partner.name,
        "slug": partner.slug,
        "country": partner.country,
        "country_name": str(countries.name(partner.country)) if partner.country else "",
        "profile": partner.profile,
        "profile_name": profiles.get(partner.profile, partner.profile),
        "website": partner.website,
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
    }


def _context(
    template_text: str,
    *,
    edition: Edition,
    details: dict[str, Any],
    kind: str,
    issued_on: date,
    code: str,
) -> dict[str, Any]:
    return {
        "contract_template": Template(template_text),
        "edition": edition,
        "partner": details,
        "contract": {
            "kind": kind,
            "kind_label": ContractKind(kind).label,
            "issued_on": issued_on,
        },
        "signature": None,
        "code": code,
        "title": f"{edition.program_name} Contract — {details.get('name', '')}",
    }


def contract_pdf_render(
    template_text: str,
    *,
    edition: Edition,
    details: dict[str, Any],
    kind: str,
    issued_on: date,
    code: str,
) -> bytes:
    """The contract to sign, as a PDF whose footer carries `code`."""
    ctx = _context(
        template_text, edition=edition, details=details, kind=kind, issued_on=issued_on, code=code
    )
    return render_pdf("contracts/pdf/contract.html", ctx)


def signed_pdf_render(
    template_text: str,
    *,
    edition: Edition,
    contract: Contract,
    signature: dict[str, Any],
    code: str,
) -> bytes:
    """The signed copy: the same contract text with the signature filled in and a signature page."""
    ctx = _context(
        template_text,
        edition=edition,
        details=contract.details,
        kind=contract.kind,
        issued_on=contract.issued_on,
        code=code,
    )
    ctx["signature"] = signature
    return render_pdf("contracts/pdf/signed.html", ctx)
