"""Reading documents: by verification code, and a partner's documents."""

from __future__ import annotations

from django.db.models import QuerySet

from partnercenter.documents.models import Document
from partnercenter.partners.models import Partner


def document_by_code(code: str) -> Document | None:
    """The document a (case-insensitive, trimmed) verification code names, if any."""
    code = code.strip().upper()
    if not code or len(code) > 20:
        return None
    return Document.objects.select_related("partner").defer("pdf").filter(code=code).first()


def documents_of_partner(partner: Partner) -> QuerySet[Document]:
    """A partner's documents, newest first, without their bytes."""
    return Document.objects.filter(partner=partner).defer("pdf").order_by("-created_at", "-id")
