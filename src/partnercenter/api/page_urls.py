"""Routes of the tokens page, mounted at /portal/tokens/ by the project's urls."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.api import views

app_name = "api_tokens"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/revoke", views.revoke, name="revoke"),
]
