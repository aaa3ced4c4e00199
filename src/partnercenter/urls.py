"""Top-level URL routes."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path

from partnercenter.web import views as web_views


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", web_views.home, name="home"),
]
