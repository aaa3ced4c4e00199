"""The partner admin's "Public page": description, services, case studies, logo, the badge.

Edits wait for staff (moderation): the page shows what is waiting for review and the
reason of a rejection, while the directory keeps showing the approved content.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnercenter.directory import selectors
from partnercenter.directory.errors import ListingError
from partnercenter.directory.logo import MAX_BYTES
from partnercenter.directory.services import (
    case_studies_parse,
    case_studies_text,
    listing_propose,
)
from partnercenter.domain.directory import badge_for
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at


class PublicPageForm(forms.Form):
    """What a partner writes on its public page; the logo is checked by the service."""

    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    services = forms.CharField(
        label="Services (one a line, at most 8)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    case_studies = forms.CharField(
        label="Case studies (at most 5; a blank line between them, each starting with its title)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    logo = forms.FileField(
        label="Logo (PNG, JPEG or WebP, at most 2 MB and 4000×4000 pixels)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)


@portal_view(admin=True, writes=True)
def public_page(request: HttpRequest, person: Person) -> HttpResponse:
    """Edit the public page; shows whether the partner is listed and the badge embed snippet."""
    partner = person.partner
    today = timezone.now().date()
    edition = edition_at(today)
    listing = selectors.listing_of(partner)
    pending = selectors.pending_revision(partner)
    shown = pending or listing
    initial = {
        "description": shown.description if shown else "",
        "services": "\n".join(shown.services) if shown else "",
        "case_studies": case_studies_text(list(shown.case_studies)) if shown else "",
    }
    form = PublicPageForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        data = None
        if upload:
            data = upload.read(MAX_BYTES + 1)
        try:
            result = listing_propose(
                partner=partner,
                person=person,
                description=form.cleaned_data["description"],
                services=form.cleaned_data["services"].splitlines(),
                case_studies=case_studies_parse(form.cleaned_data["case_studies"]),
                logo=data,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ListingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if result.revision is None:
                messages.success(request, "Nothing to review: this is what your page shows now.")
            else:
                messages.success(
                    request,
                    "Sent for review. Your public page keeps showing the approved version "
                    "until 7x approves the change.",
                )
            return redirect("portal:public_page")
    listed = selectors.is_listed(partner, edition, today)
    badge = badge_for(edition, partner.current_level) if listed else None
    base = request.build_absolute_uri("/").rstrip("/")
    snippet = ""
    if badge:
        snippet = (
            f'<a href="{base}/verify/{partner.slug}"><img src="{base}/badge/{partner.slug}.svg" '
            f'alt="{badge.text}" height="28"></a>'
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/public_page.html",
        {
            "person": person,
            "form": form,
            "listing": listing,
            "pending": pending,
            "rejection": None if pending else selectors.last_rejection(partner),
            "listed": listed,
            "badge": badge,
            "snippet": snippet,
        },
        status=status,
    )


@portal_view(admin=True)
def public_page_pending_logo(request: HttpRequest, person: Person) -> HttpResponse:
    """The logo waiting for review (only the partner's own admins and staff see it)."""
    pending = selectors.pending_revision(person.partner)
    png = selectors.revision_logo(pending.pk) if pending else None
    if png is None:
        raise Http404("No logo is waiting for review.")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
