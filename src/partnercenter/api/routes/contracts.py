"""A partner's contract as a PDF: the latest signed copy, else the contract to sign.

Like every partner endpoint, the partner's own people and staff may read it;
anyone else gets 404 for the slug.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from partnercenter.api.auth import caller
from partnercenter.api.errors import NotFound
from partnercenter.api.routes import ERROR_STATUSES
from partnercenter.api.schemas import ErrorOut
from partnercenter.contracts.selectors import contract_for_download, contract_pdf

router = Router(tags=["partner"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The contract PDF (signed copy if signed, else the one to sign).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/partners/{slug}/contract.pdf",
    response={status: ErrorOut for status in ERROR_STATUSES},
    summary="The contract (PDF)",
    openapi_extra=PDF_RESPONSE,
)
def contract_pdf_get(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest signed contract (with its signature page), else the contract to sign."""
    partner = caller(request).partner(slug)
    found = contract_for_download(partner)
    if found is None:
        raise NotFound(f"{partner.name} has no contract yet.", field="slug")
    contract, signed = found
    filename, pdf = contract_pdf(contract, signed=signed)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Contract-Signed"] = "true" if signed else "false"
    return response
