"""Branded 404/403/500 pages without debug details, and JSON logs by setting."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client
from django.urls import path

from partnercenter import urls as site_urls
from partnercenter.ops.conf import JsonFormatter, logging_config

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> None:
    raise RuntimeError("secret internals: SELECT * FROM partners")


def _forbidden(request: HttpRequest) -> None:
    raise PermissionDenied("no")


# A URLconf for these tests: the site's routes and handlers plus two views that fail.
urlpatterns = [path("test-boom", _boom), path("test-forbidden", _forbidden), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


def test_404_is_branded_and_shows_no_debug_page(failing_site):
    response = Client().get("/no-such-page")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert "site.css" in html and "Partner Center" in html
    assert "Traceback" not in html and "URLconf" not in html


def test_403_is_branded(failing_site):
    response = Client().get("/test-forbidden")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html and "site.css" in html


def test_handler500_answers_the_branded_page_without_internals(failing_site):
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_json_logs_are_one_object_a_line():
    formatter = JsonFormatter()
    try:
        raise ValueError("bad")
    except ValueError:
        record = logging.LogRecord(
            "partnercenter.hooks", logging.ERROR, __file__, 1, "refused %s", ("x",), sys.exc_info()
        )
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "partnercenter.hooks"
    assert entry["message"] == "refused x"
    assert "ValueError: bad" in entry["exception"]
    assert "\n" not in line


@pytest.mark.parametrize(("fmt", "formatter"), [("json", "json"), ("text", "text")])
def test_the_log_format_is_chosen_by_setting(fmt, formatter):
    assert logging_config(fmt=fmt, level="info")["handlers"]["stderr"]["formatter"] == formatter


def test_an_unknown_log_format_is_refused_by_name():
    with pytest.raises(ValueError, match="PARTNERCENTER_LOG_FORMAT"):
        logging_config(fmt="xml", level="INFO")
