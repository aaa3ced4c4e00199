"""Demo public pages: descriptions and services for the demo partners, a simple logo for a few."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw

from partnercenter.directory.models import Listing
from partnercenter.directory.services import listing_update
from partnercenter.partners.models import Partner

SERVICES = {
    "it": ["Exponential implementation", "Custom extensions", "Integrations", "Support"],
    "creative": ["Web design", "UX research", "Content strategy", "Campaigns"],
    "hosting": ["Managed hosting", "Backups", "Performance tuning", "24/7 monitoring"],
    "distribution": ["Licences", "Training courses", "Certification exams", "Reselling"],
}
BLURB = {
    "it": "builds and integrates solutions on Exponential for mid-size and enterprise customers.",
    "creative": "designs websites and campaigns that editors enjoy running on Exponential.",
    "hosting": "runs Exponential sites on tuned infrastructure with backups and monitoring.",
    "distribution": "distributes Exponential software, training and certifications.",
}
COLOURS = [(35, 83, 214), (31, 107, 55), (138, 31, 31), (122, 90, 0), (77, 85, 98)]
LOGO_SLUGS = ("northwind-digital", "cobalt-creative", "fjord-hosting", "baltic-systems")


def _logo(name: str, colour: tuple[int, int, int]) -> bytes:
    """A square with the partner's initials: enough to show a logo on the pages."""
    image = Image.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(w[0] for w in name.split()[:2]).upper()
    draw.text((128, 128), initials, fill=(255, 255, 255), anchor="mm", font_size=110)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_directory(*, today: date) -> None:
    """Give every demo partner a description and services (once), and a logo to a few.

    Idempotent: a partner that already has a listing is left as it is.
    """
    del today  # the pages do not depend on the day; kept for the demo_<area> signature
    done = set(Listing.objects.values_list("partner_id", flat=True))
    for index, partner in enumerate(Partner.objects.order_by("id")):
        if partner.pk in done or partner.profile not in SERVICES:
            continue
        services = SERVICES[partner.profile]
        logo = None
        if partner.slug in LOGO_SLUGS:
            logo = _logo(partner.name, COLOURS[index % len(COLOURS)])
        listing_update(
            partner=partner,
            description=f"{partner.name} {BLURB[partner.profile]}",
            services=services[: 2 + index % 3],
            logo=logo,
        )
