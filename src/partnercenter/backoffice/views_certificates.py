"""Back-office view of a partner's certificates (read-only: partners issue them in the portal)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from partnercenter.backoffice.access import staff_view
from partnercenter.certificates.selectors import certificate_of_partner, certificates_of_partner
from partnercenter.partners.models import Partner


@staff_view
def partner_certificates(request: HttpRequest, slug: str) -> HttpResponse:
    """Every certificate issued to the partner, newest first, with its PDF."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise Http404("No such partner.")
    rows = list(certificates_of_partner(partner))
    return render(request, "backoffice/partner_certificates.html", {"p": partner, "rows": rows})


@staff_view
def certificate_pdf(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One certificate's PDF."""
    cert = certificate_of_partner(slug, code)
    if cert is None:
        raise Http404("No such certificate.")
    response = HttpResponse(bytes(cert.document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.document.filename}"'
    return response
