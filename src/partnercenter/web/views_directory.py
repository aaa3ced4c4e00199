"""The public directory, partner pages, logos, badges and the verify page."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from partnercenter.directory import selectors
from partnercenter.domain import directory as rules
from partnercenter.domain.program import Edition
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.web.forms_directory import DirectoryFilters

BADGE_MAX_AGE = 300
"""Badges follow a level drop at once; embedders' browsers may keep one five minutes."""


def _today() -> date:
    return timezone.now().date()


def _edition(today: date) -> Edition:
    try:
        return edition_at(today)
    except NoEdition:
        raise Http404("No edition is in force.") from None


@require_safe
def directory(request: HttpRequest, profile: str = "") -> HttpResponse:
    """`/partners/` and `/partners/profile/<code>/`: listed partners, best first, filtered."""
    today = _today()
    edition = _edition(today)
    profiles = {p.code: p for p in edition.profiles}
    if profile and profile not in profiles:
        raise Http404("No such profile.")
    form = DirectoryFilters(request.GET or None, edition=edition)
    status = 200
    query = selectors.DirectoryQuery(profile=profile)
    page = 1
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            query = selectors.DirectoryQuery(
                profile=profile,
                country=data["country"],
                level=data["level"],
                certification=data["certification"],
                q=data["q"].strip(),
            )
            page = data["page"] or 1
        else:
            status = 400
    result = selectors.directory_page(edition, today, query, page)
    current = profiles.get(profile)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "web/directory.html",
        {
            "edition": edition,
            "form": form,
            "profiles": edition.profiles,
            "profile": current,
            "result": result,
            "params": params.urlencode(),
        },
        status=status,
    )


def _listed_partner(slug: str, edition: Edition, today: date) -> Partner:
    partner = get_object_or_404(Partner, slug=slug)
    if not selectors.is_listed(partner, edition, today):
        raise Http404("This partner is not listed.")
    return partner


def _level_name(edition: Edition, code: str) -> str:
    return edition.level(code).name if code and edition.has_level(code) else "Registered partner"


@require_safe
def partner_page(request: HttpRequest, slug: str) -> HttpResponse:
    """`/partners/<slug>/`: a listed partner's public page (404 for anyone not listed)."""
    today = _today()
    edition = _edition(today)
    partner = _listed_partner(slug, edition, today)
    listing = selectors.listing_of(partner)
    profile = next((p.name for p in edition.profiles if p.code == partner.profile), partner.profile)
    return render(
        request,
        "web/partner_page.html",
        {
            "edition": edition,
            "partner": partner,
            "listing": listing,
            "profile": profile,
            "level": _level_name(edition, partner.current_level),
            "since": selectors.level_since(partner),
            "certifications": selectors.certifications_held(partner, edition, today),
            "case_studies": selectors.case_studies(partner),
            "badge": rules.badge_for(edition, partner.current_level),
        },
    )


@require_safe
def partner_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """A listed partner's re-encoded logo (PNG), cacheable by its hash."""
    today = _today()
    _listed_partner(slug, _edition(today), today)
    found = selectors.logo_of(slug)
    if found is None:
        raise Http404("No logo.")
    png, sha = found
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["ETag"] = f'"{sha[:32]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _plain_404(message: str) -> HttpResponse:
    return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")


@require_safe
def badge(request: HttpRequest, slug: str) -> HttpResponse:
    """`/badge/<slug>.svg`: the partner's current badge; 404 (plain text) without one."""
    today = _today()
    try:
        edition = edition_at(today)
    except NoEdition:
        return _plain_404("No edition is in force.")
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None or not selectors.is_listed(partner, edition, today):
        return _plain_404("No listed partner with this name.")
    found = rules.badge_for(edition, partner.current_level)
    if found is None:
        return _plain_404("This partner's level has no badge.")
    verify_url = request.build_absolute_uri(f"/verify/{partner.slug}")
    svg = render_to_string(
        "web/badge.svg",
        {
            "badge": found,
            "verify_url": verify_url,
            "partner": partner,
            "width": 10 + 7 * len(found.text) + 10,
        },
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={BADGE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    """`/verify/<slug>`: what the badge claims, stated by 7x: level, since, valid until, edition."""
    today = _today()
    edition = _edition(today)
    partner = Partner.objects.filter(slug=slug).first()
    listed = partner is not None and selectors.is_listed(partner, edition, today)
    found = rules.badge_for(edition, partner.current_level) if partner and listed else None
    context = {
        "edition": edition,
        "partner": partner if listed else None,
        "slug": slug,
        "badge": found,
        "today": today,
    }
    if partner is not None and listed:
        context.update(
            level=_level_name(edition, partner.current_level),
            since=selectors.level_since(partner),
            valid_until=partner.valid_until,
        )
    return render(request, "web/verify.html", context, status=200 if listed else 404)
