"""Writing a partner's public page: description, services and logo."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from partnercenter.directory.errors import DescriptionTooLong, TooManyServices
from partnercenter.directory.logo import logo_reencode
from partnercenter.directory.models import Listing
from partnercenter.directory.selectors import listings_changed
from partnercenter.partners.models import Partner

MAX_DESCRIPTION = 2000
MAX_SERVICES = 8
MAX_SERVICE_CHARS = 60


@dataclass(frozen=True)
class ListingResult:
    """The saved listing and whether the logo changed."""

    listing: Listing
    logo_changed: bool


def _search_text(partner: Partner, description: str, services: list[str]) -> str:
    return " ".join([partner.name, description, *services]).lower()


def listing_update(
    *,
    partner: Partner,
    description: str,
    services: list[str],
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> ListingResult:
    """Save a partner's public page. The logo (if given) is checked by content and size and
    re-encoded before anything is written; a refusal changes nothing."""
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise DescriptionTooLong(
            f"The description has {len(description)} characters; at most {MAX_DESCRIPTION}."
        )
    services = [s.strip() for s in services if s.strip()]
    if len(services) > MAX_SERVICES:
        raise TooManyServices(f"List at most {MAX_SERVICES} services, not {len(services)}.")
    long = next((s for s in services if len(s) > MAX_SERVICE_CHARS), None)
    if long is not None:
        raise TooManyServices(
            f"A service is at most {MAX_SERVICE_CHARS} characters: {long[:30]!r}… is longer."
        )
    png = logo_reencode(logo) if logo is not None else None
    with transaction.atomic():
        listing, _ = Listing.objects.select_for_update().get_or_create(partner=partner)
        listing.description = description
        listing.services = services
        listing.search_text = _search_text(partner, description, services)
        changed = False
        if png is not None:
            listing.logo_png = png
            listing.logo_sha = hashlib.sha256(png).hexdigest()
            changed = True
        elif remove_logo and listing.logo_sha:
            listing.logo_png = None
            listing.logo_sha = ""
            changed = True
        listing.save()
        transaction.on_commit(listings_changed)
    return ListingResult(listing=listing, logo_changed=changed)
