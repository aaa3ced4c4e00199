"""Issuing documents: reserve a verification code, render the PDF with it, store it once."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from partnercenter.documents.models import Document
from partnercenter.partners.models import Partner

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Codes avoid letters and digits that read alike (0/O, 1/I); they are upper case, so L stays."""


def document_code_new() -> str:
    """A fresh verification code such as `PC-7K3M-Q9XD-2HNA` (60 bits of randomness)."""
    while True:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        code = f"PC-{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Document.objects.filter(code=code).exists():
            return code


def verify_url(code: str) -> str:
    """The public address where a document's code is checked."""
    return f"{settings.PARTNERCENTER_SITE_URL}/documents/verify/{code}/"


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """Render an HTML template to PDF with WeasyPrint.

    The template should extend `documents/pdf_base.html`, whose footer prints
    `code` and its verification address on every page.
    """
    from weasyprint import HTML  # imported late: loading WeasyPrint costs ~0.3 s

    ctx = dict(context)
    if "code" in ctx:
        ctx.setdefault("verify_url", verify_url(str(ctx["code"])))
    html = render_to_string(template, ctx)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def document_store(
    *,
    partner: Partner,
    kind: str,
    title: str,
    filename: str,
    pdf: bytes,
    code: str | None = None,
    edition_id: str = "",
) -> Document:
    """Store an issued PDF under its verification code (from `document_code_new`)."""
    return Document.objects.create(
        code=code or document_code_new(),
        kind=kind,
        partner=partner,
        title=title,
        filename=filename,
        edition_id=edition_id,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
    )
