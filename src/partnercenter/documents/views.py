"""The public verification page of documents (`/documents/verify/<code>/`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnercenter.documents.selectors import document_by_code


def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Say whether a code belongs to a document Partner Center issued, and which."""
    code = code or request.GET.get("code", "")
    document = document_by_code(code) if code else None
    status = 404 if code and document is None else 200
    return render(
        request,
        "documents/verify.html",
        {"code": code, "document": document, "asked": bool(code)},
        status=status,
    )
