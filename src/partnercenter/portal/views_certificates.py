"""Portal "Certificates": the partner level's and each person's certification certificate,
issued on request (the same facts give the same document) and downloaded as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.certificates.errors import CertificateError
from partnercenter.certificates.selectors import (
    certification_of_partner,
    partner_certificate_rows,
)
from partnercenter.certificates.services import (
    certificate_for_certification,
    certificate_for_level,
)
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view


@portal_view()
def certificates(request: HttpRequest, person: Person) -> HttpResponse:
    """What the partner can hold a certificate for, the latest copy of each, and a button."""
    return render(
        request,
        "portal/certificates.html",
        {
            "person": person,
            "rows": partner_certificate_rows(person.partner, timezone.now().date()),
        },
    )


@require_POST
@portal_view()
def certificate_issue(request: HttpRequest, person: Person) -> HttpResponse:
    """Issue (or find) the certificate of `subject`: "level" or "certification:<id>"."""
    subject = request.POST.get("subject", "")
    try:
        if subject == "level":
            cert = certificate_for_level(partner=person.partner)
        else:
            _, _, pk = subject.partition(":")
            found = certification_of_partner(person.partner, pk)
            cert = certificate_for_certification(certification=found)
    except CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Certificate ready: {cert.document.title} ({cert.document.code})."
        )
    return redirect("portal:certificates")
