"""The one-click unsubscribe link of optional mailings (no sign-in: the signed token is enough).

Opening the link unsubscribes (a second open changes nothing); a forged or cut token is
refused with a 400 page and changes nothing. People re-subscribe in the portal (Messages).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from partnercenter.engagement.announcements import mailing_unsubscribe
from partnercenter.engagement.errors import EngagementError


@csrf_exempt  # the signed token authenticates; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET (the link) and POST (a mail client's one-click) both unsubscribe."""
    try:
        person = mailing_unsubscribe(token=token)
    except EngagementError as exc:
        return render(request, "web/unsubscribe.html", {"error": exc.message}, status=400)
    return render(request, "web/unsubscribe.html", {"email": person.email})
