"""The unsubscribe link of optional mailings (no sign-in: the signed token is enough).

Opening the link (GET) only asks: a mail scanner that prefetches links must not unsubscribe
anyone. The page's button, or a mail client's one-click POST (RFC 8058
List-Unsubscribe-Post), unsubscribes; a second time changes nothing. A forged or cut token
is refused with a 400 page and changes nothing. People re-subscribe in the portal.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from partnercenter.engagement.announcements import mailing_unsubscribe, unsubscribe_person
from partnercenter.engagement.errors import EngagementError
from partnercenter.engagement.selectors import opted_out


@csrf_exempt  # the signed token authenticates; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the button does; POST (the button or a mail client) unsubscribes."""
    try:
        if request.method == "POST":
            person = mailing_unsubscribe(token=token)
            return render(request, "web/unsubscribe.html", {"email": person.email, "done": True})
        person = unsubscribe_person(token)
    except EngagementError as exc:
        return render(request, "web/unsubscribe.html", {"error": exc.message}, status=400)
    return render(
        request,
        "web/unsubscribe.html",
        {"email": person.email, "done": opted_out(person), "confirm": True},
    )
