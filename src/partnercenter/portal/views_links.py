"""Portal: "Linked accounts": the person's verified GitHub and community accounts, and linking them.

Linking starts here (a POST to allauth's provider login with `process=connect`) and
comes back here with a message (see `linkedaccounts.oauth`).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from partnercenter.linkedaccounts.conf import link_offers
from partnercenter.linkedaccounts.models import Provider
from partnercenter.linkedaccounts.selectors import links_of
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view


@portal_view()
def linked_accounts(request: HttpRequest, person: Person) -> HttpResponse:
    """The person's links, and a "Link …" button per configured provider not linked yet."""
    links = {link.provider: link for link in links_of(person)}
    offers = link_offers(settings.SOCIALACCOUNT_PROVIDERS)
    rows = []
    for provider in (Provider.GITHUB, Provider.COMMUNITY):
        offer = offers.get(provider)
        url = ""
        if offer and provider not in links:
            url = (
                reverse("github_login")
                if provider == Provider.GITHUB
                else reverse("openid_connect_login", kwargs={"provider_id": offer[0]})
            )
        rows.append({"provider": provider, "link": links.get(provider), "url": url})
    response = render(request, "portal/linked_accounts.html", {"person": person, "rows": rows})
    # The form posts here and is redirected to the provider: allow that origin.
    origins = sorted({origin for _, origin in offers.values()})
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response
