"""Top-level URL routes."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from partnercenter.api.urls import api
from partnercenter.ops.health import healthz, readyz
from partnercenter.ops.metrics import metrics_view
from partnercenter.web import views as web_views
from partnercenter.web import views_leads as web_leads
from partnercenter.web import views_mailings as web_mailings

# Branded error pages: 404.html and 500.html in the web app (403.html, in the portal,
# is rendered by Django's default handler with the refusal's message).
handler404 = "partnercenter.web.errors.not_found"
handler500 = "partnercenter.web.errors.server_error"

urlpatterns = [
    # The admin signs in through allauth's sign-in (password, second factor, audit trail).
    path("admin/login/", secure_admin_login(admin.site.login)),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("portal/tokens/", include("partnercenter.api.page_urls")),
    path("portal/", include("partnercenter.portal.urls")),
    path("links/", include("partnercenter.linkedaccounts.urls")),  # OAuth linking (allauth)
    path("backoffice/", include("partnercenter.backoffice.urls")),
    path("hooks/", include("partnercenter.hooks.urls")),
    path("documents/", include("partnercenter.documents.urls")),
    path("api/v1/", api.urls),
    path("apply/", include("partnercenter.web.urls_apply")),
    path("find-a-partner/", web_leads.find_partner, name="find_partner"),
    path("find-a-partner/sent/", web_leads.find_partner_sent, name="find_partner_sent"),
    path(
        "mailings/unsubscribe/<str:token>/",
        web_mailings.unsubscribe,
        name="mailing_unsubscribe",
    ),
    path("", include("partnercenter.web.urls_directory")),
    path("", web_views.home, name="home"),
]
