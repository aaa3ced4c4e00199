"""/apply/: the public form, "check your email", and the confirmation link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.notifications.models import Message
from tests.applications.conftest import fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _form(**overrides: Any) -> dict[str, Any]:
    data = fields(**overrides)
    for box in ("student", "accepts_terms"):
        if data[box]:
            data[box] = "on"
        else:
            del data[box]
    return data


def test_the_home_page_links_to_the_form(client: Client, edition: Any) -> None:
    assert 'href="/apply/"' in client.get("/").content.decode()


def test_the_form_offers_real_countries_and_the_editions_profiles(
    client: Client, edition: Any
) -> None:
    html = client.get("/apply/").content.decode()

    assert '<option value="DE">Germany</option>' in html
    assert '<option value="NZ">New Zealand</option>' in html
    for profile in edition.profiles:
        assert f'value="{profile.code}"' in html
    assert 'name="fax_number"' in html and 'name="accepts_terms"' in html


def test_applying_leads_to_check_your_email_and_the_link_confirms(
    client: Client, edition: Any
) -> None:
    response = client.post("/apply/", _form(), REMOTE_ADDR="10.0.0.7")

    assert response.status_code == 302 and response["Location"] == "/apply/sent/"
    assert "Check your email" in client.get("/apply/sent/").content.decode()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.UNCONFIRMED
    body = Message.objects.get(kind="application_confirm").body_text
    path = re.search(r"https?://[^/]+(/apply/confirm/\S+/)", body).group(1)  # type: ignore[union-attr]
    page = client.get(path)
    assert page.status_code == 200 and "Application confirmed" in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "already confirmed" in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ({"country": "XX"}, "country", "Select a valid choice"),
        ({"profile": "plumbing"}, "profile", "Select a valid choice"),
        ({"contact_email": "erika@"}, "contact_email", "Enter a valid email address"),
        ({"accepts_terms": False}, "accepts_terms", "Accept the program terms to apply."),
        ({"company": ""}, "company", "This field is required"),
        ({"website": "not a url"}, "website", "Enter the website as an address"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_stored(
    client: Client, edition: Any, override: dict[str, Any], field: str, words: str
) -> None:
    response = client.post("/apply/", _form(**override))

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error and words in error.group(1)
    assert Application.objects.count() == 0 and Message.objects.count() == 0


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(
    client: Client, edition: Any
) -> None:
    response = client.post("/apply/", {**_form(), "fax_number": "0301234"})

    assert response.status_code == 302
    assert Application.objects.count() == 0 and Message.objects.count() == 0


def test_too_many_from_one_address_is_refused(client: Client, edition: Any, settings: Any) -> None:
    settings.PARTNERCENTER_APPLICATIONS_PER_HOUR = 1
    assert client.post("/apply/", _form(), REMOTE_ADDR="10.0.0.8").status_code == 302

    response = client.post("/apply/", _form(company="Again"), REMOTE_ADDR="10.0.0.8")

    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_bad_confirmation_link_says_so(client: Client, edition: Any) -> None:
    response = client.get("/apply/confirm/not-a-token/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
