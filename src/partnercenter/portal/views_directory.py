"""The partner admin's "Public page": description, services, logo, and the badge snippet."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnercenter.directory import selectors
from partnercenter.directory.errors import ListingError
from partnercenter.directory.logo import MAX_BYTES
from partnercenter.directory.services import listing_update
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
    initial = {
        "description": listing.description if listing else "",
        "services": "\n".join(listing.services) if listing else "",
    }
    form = PublicPageForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        data = None
        if upload:
            data = upload.read(MAX_BYTES + 1)
        try:
            listing_update(
                partner=partner,
                description=form.cleaned_data["description"],
                services=form.cleaned_data["services"].splitlines(),
                logo=data,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ListingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "The public page is saved.")
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
            "listed": listed,
            "badge": badge,
            "snippet": snippet,
        },
        status=status,
    )
