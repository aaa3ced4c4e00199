"""Linking GitHub by OAuth through allauth, against the local double: connect only, never sign in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from partnercenter.audit.models import AuditEvent
from partnercenter.linkedaccounts.models import LinkedAccount
from tests.linkedaccounts.fake_oauth import FakeGitHub
from tests.submissions.factories import PASSWORD, World

pytestmark = pytest.mark.django_db


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def provider_answer(authorize_url: str) -> str:
    """Follow the authorize URL at the double; return where it sends the browser back to."""
    try:
        build_opener(_NoRedirect).open(Request(authorize_url))
    except Exception as exc:  # urllib raises HTTPError for a 302 it may not follow
        return str(exc.headers["Location"])  # type: ignore[attr-defined]
    raise AssertionError("the provider did not redirect")


def signed_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password=PASSWORD)
    return client


def link_github(
    client: Client, process: str = "connect", start: str = "/links/github/login/"
) -> Any:
    """Start at our site, visit the provider, come back to the callback; the final response."""
    started = client.post(start, {"process": process})
    assert started.status_code == 302, started
    back = urlsplit(provider_answer(started["Location"]))
    return client.get(f"{back.path}?{back.query}")


def said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_person_links_their_github_account(world: World, github: FakeGitHub) -> None:
    response = link_github(signed_in("max@acme.example"))

    assert response.status_code == 302 and response["Location"] == "/portal/linked-accounts/"
    link = LinkedAccount.objects.get()
    assert (link.person, link.login, link.uid, link.verified_via) == (
        world.a_member,
        "Octo-Partner",
        "4242",
        "oauth",
    )
    assert any("is linked" in m for m in said(response))
    assert AuditEvent.objects.filter(action="linkedaccount.link").count() == 1
    assert github.requests.count("POST /login/oauth/access_token") == 1


def test_a_second_person_cannot_link_the_same_login(world: World, github: FakeGitHub) -> None:
    link_github(signed_in("max@acme.example"))

    response = link_github(signed_in("bob@bravo.example"))

    assert response["Location"] == "/portal/linked-accounts/"
    assert any("already linked to another person" in m for m in said(response))
    assert list(LinkedAccount.objects.values_list("person", flat=True)) == [world.a_member.pk]


def test_a_callback_with_a_wrong_state_links_nothing(world: World, github: FakeGitHub) -> None:
    client = signed_in("max@acme.example")
    client.post("/links/github/login/", {"process": "connect"})  # a real dance was started

    response = client.get("/links/github/login/callback/", {"code": "x", "state": "forged"})

    assert response.status_code == 302 and response["Location"] == "/portal/linked-accounts/"
    assert any("state does not match" in m for m in said(response))
    assert LinkedAccount.objects.count() == 0
    assert "POST /login/oauth/access_token" not in github.requests


def test_github_is_no_way_to_sign_in(world: World, github: FakeGitHub) -> None:
    client = Client()

    response = link_github(client, process="login")

    assert response.status_code == 302 and response["Location"] == "/portal/login/"
    assert "_auth_user_id" not in client.session
    assert LinkedAccount.objects.count() == 0
    assert any("not a way to sign in" in m for m in said(response))


def test_staff_cannot_link_a_github_account(world: World, github: FakeGitHub) -> None:
    response = link_github(signed_in("staff@7x.example"))

    assert any("Only people of a partner" in m for m in said(response))
    assert LinkedAccount.objects.count() == 0


def test_the_portal_page_offers_github_only_when_configured(world: World, settings: Any) -> None:
    client = signed_in("max@acme.example")
    page = client.get("/portal/linked-accounts/").content.decode()
    assert "Link GitHub" not in page and "not set up on this installation" in page


def test_the_portal_page_allows_the_provider_in_form_action(
    world: World, github: FakeGitHub
) -> None:
    response = signed_in("max@acme.example").get("/portal/linked-accounts/")

    assert "Link GitHub" in response.content.decode()
    assert github.url in response["Content-Security-Policy"]


def test_a_person_links_their_community_account_by_openid_connect(
    world: World, github: FakeGitHub
) -> None:
    response = link_github(signed_in("max@acme.example"), start="/links/oidc/community/login/")

    assert response["Location"] == "/portal/linked-accounts/", said(response)
    link = LinkedAccount.objects.get()
    assert (link.person, link.provider, link.login, link.uid, link.verified_via) == (
        world.a_member,
        "community",
        "max_c",
        "c-77",
        "oauth",
    )
    assert "GET /oidc/userinfo" in github.requests


@pytest.mark.parametrize(
    "url", ["/links/github/login/", "/links/github/login/callback/", "/links/oidc/community/login/"]
)
def test_linking_that_is_not_set_up_answers_404_not_500(world: World, url: str) -> None:
    response = signed_in("max@acme.example").post(url, {"process": "connect"})

    assert response.status_code == 404
    assert LinkedAccount.objects.count() == 0


@pytest.mark.parametrize("url", ["/links/github/login/", "/links/oidc/community/login/"])
def test_opening_a_start_url_goes_to_the_linked_accounts_page(
    world: World, github: FakeGitHub, url: str
) -> None:
    response = signed_in("max@acme.example").get(url)

    assert (response.status_code, response["Location"]) == (302, "/portal/linked-accounts/")
    assert github.requests == []
