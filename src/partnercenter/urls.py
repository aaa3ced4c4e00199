"""Top-level URL routes."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from partnercenter.api.urls import api
from partnercenter.audit.signin import audited_sign_in
from partnercenter.web import views as web_views


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/login/", audited_sign_in(admin.site.login)),  # staff sign-in is audited
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("portal/tokens/", include("partnercenter.api.page_urls")),
    path("portal/", include("partnercenter.portal.urls")),
    path("backoffice/", include("partnercenter.backoffice.urls")),
    path("hooks/", include("partnercenter.hooks.urls")),
    path("documents/", include("partnercenter.documents.urls")),
    path("api/v1/", api.urls),
    path("apply/", include("partnercenter.web.urls_apply")),
    path("", include("partnercenter.web.urls_directory")),
    path("", web_views.home, name="home"),
]
