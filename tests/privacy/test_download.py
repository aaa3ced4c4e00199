"""A person downloads their own data, and only theirs."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from partnercenter.privacy.selectors import person_data
from tests.privacy.conftest import Team

pytestmark = pytest.mark.django_db


def _signed_in(team: Team, who: str) -> Client:
    client = Client()
    client.force_login(getattr(team, who).user)
    return client


def test_my_data_lists_what_is_held_and_links_the_download(history: Team) -> None:
    page = _signed_in(history, "zelda").get("/portal/my-data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zelda Unique" in html and "Download my data" in html
    assert "Colin" not in html


def test_the_download_holds_exactly_the_persons_data(history: Team) -> None:
    # given Zelda and a colleague with certifications, submissions, entries, messages, tokens
    # when Zelda downloads her data
    response = _signed_in(history, "zelda").get("/portal/my-data/download/")
    # then it is a JSON attachment with her record and account
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"] | {"partner": None} == {
        "id": history.zelda.pk,
        "name": "Zelda Unique",
        "email": "zelda@acme.test",
        "role": "admin",
        "community_username": "zunique",
        "github_login": "zunique-gh",
        "partner": None,
    }
    assert data["account"]["username"] == "zelda@acme.test"
    assert [(a["provider"], a["login"]) for a in data["linked_accounts"]] == [
        ("community", "zunique"),
        ("github", "zunique-gh"),
    ]
    # and her certifications, submissions, entries, messages and token names, one of each
    assert [c["type"] for c in data["certifications"]] == ["sales"]
    assert [s["description"] for s in data["submissions"]] == ["Meetup talk by Zelda Unique"]
    assert len(data["ledger_entries"]) == 2  # the certification and the event
    assert [m["to"] for m in data["messages"]] == ["zelda@acme.test"]
    assert data["api_tokens"] == [
        {
            "name": f"ci-{history.zelda.pk}",
            "created_at": data["api_tokens"][0]["created_at"],
            "revoked_at": None,
        }
    ]
    # and nothing of the colleague's, and no secrets
    text = response.content.decode().lower()
    assert "colin" not in text
    assert "password" not in text and "digest" not in text


def test_the_colleague_gets_their_own_data_not_zeldas(history: Team) -> None:
    data = _signed_in(history, "colleague").get("/portal/my-data/download/").json()
    assert data["person"]["id"] == history.colleague.pk
    assert "zelda" not in json.dumps(data).lower()


def test_the_download_needs_a_signed_in_partner_person(history: Team) -> None:
    assert Client().get("/portal/my-data/download/").status_code == 302
    staff = Client()
    staff.force_login(history.staff)
    assert staff.get("/portal/my-data/download/").status_code == 403


def test_staff_download_a_persons_data_from_the_back_office(history: Team) -> None:
    staff = Client()
    staff.force_login(history.staff)
    response = staff.get(f"/backoffice/partners/acme/people/{history.zelda.pk}/data.json")
    assert response.status_code == 200
    assert response.json() | {"generated_at": ""} == person_data(history.zelda) | {
        "generated_at": ""
    }
    wrong_partner = staff.get(f"/backoffice/partners/nope/people/{history.zelda.pk}/data.json")
    assert wrong_partner.status_code == 404
