"""Production URLs plus `/bench/hello/` (bench settings only; see `bench.settings`)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from partnercenter.urls import handler404, handler500
from partnercenter.urls import urlpatterns as production

__all__ = ["handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: the yardstick every page is a ratio of."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *production]
