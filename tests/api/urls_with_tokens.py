"""The project's routes with the tokens page mounted first, whatever the project mounts."""

from django.urls import include, path

from partnercenter.urls import urlpatterns as project

urlpatterns = [path("portal/tokens/", include("partnercenter.api.page_urls")), *project]
