"""Spotting a second application for a company already known: same name or same email domain.

Found matches are recorded on the application for staff to judge; nothing is merged.
Webmail domains are shared by strangers, so they never count as a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Value
from django.db.models.functions import Lower, Replace

from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.partners.models import Partner, Person

WEBMAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "yandex.ru",
    }
)
"""Domains anyone can have an address at."""


@dataclass(frozen=True)
class Match:
    """What an application matches: a partner and/or another open application, and why."""

    partner: Partner | None
    application: Application | None
    reason: str


def company_key(name: str) -> str:
    """The name as compared: case and spaces ignored."""
    return "".join(name.split()).casefold()


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def duplicate_find(
    *, company: str, contact_email: str, exclude_pk: int | None = None
) -> Match | None:
    """The first partner and confirmed, undecided application this one looks like, or None."""
    key = company_key(company)
    squashed = Replace(Lower("name"), Value(" "), Value(""))
    reasons: list[str] = []
    partner: Partner | None = (
        Partner.objects.annotate(key=squashed).filter(key=key).order_by("pk").first()
    )
    if partner is not None:
        reasons.append(f"same company name as partner {partner.name}")
    # Unconfirmed ones are nobody's yet (staff cannot see them); each is checked again on confirming.
    others = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    application: Application | None = (
        others.annotate(key=Replace(Lower("company"), Value(" "), Value("")))
        .filter(key=key)
        .order_by("pk")
        .first()
    )
    if application is not None:
        reasons.append(f"same company name as application #{application.pk}")
    domain = email_domain(contact_email)
    if domain and domain not in WEBMAIL:
        person = (
            Person.objects.select_related("partner")
            .filter(email__iendswith=f"@{domain}")
            .order_by("pk")
            .first()
        )
        by_site = None
        if person is None:
            for candidate in Partner.objects.filter(website__icontains=domain).order_by("pk"):
                if _host(candidate.website) == domain:
                    by_site = candidate
                    break
        owner = person.partner if person is not None else by_site
        if owner is not None:
            where = "a person of" if person is not None else "the website of"
            reasons.append(f"same email domain ({domain}) as {where} partner {owner.name}")
            partner = partner or owner
        same_domain = others.filter(contact_email__iendswith=f"@{domain}").order_by("pk").first()
        if same_domain is not None:
            reasons.append(f"same email domain ({domain}) as application #{same_domain.pk}")
            application = application or same_domain
    if not reasons:
        return None
    text = "; ".join(reasons)
    return Match(partner, application, text[0].upper() + text[1:])
