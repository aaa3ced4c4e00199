"""The production URLs plus `/bench/hello` (a bare Django view), for the benches only."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from partnercenter.urls import handler404, handler500
from partnercenter.urls import urlpatterns as production

__all__ = ["handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    """The yardstick: what serving any Django view costs on this server, nothing else."""
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("bench/hello", hello), *production]
