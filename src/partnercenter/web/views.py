"""Public pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page; will show the levels and plans of the active edition."""
    return render(request, "web/home.html", {"edition": None})
