"""Invitation links (partners.invitations): who they name, when they stop working."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User

from partnercenter.partners.errors import AccountExists, InvalidInvite
from partnercenter.partners.invitations import (
    INVITE_MAX_AGE,
    invite_accept,
    invite_person,
    invite_token,
    invite_url,
)
from partnercenter.partners.models import Person, Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Passphrase-42"


@pytest.fixture
def person(make_partner):
    partner = make_partner("acme", name="Acme")
    return Person.objects.create(
        partner=partner, name="Ivy", email="ivy@acme.example", role=Role.ADMIN
    )


def test_a_link_names_the_person_and_works_once(person, settings):
    settings.PARTNERCENTER_SITE_URL = "https://pc.example"
    token = invite_token(person)

    assert invite_url(token) == f"https://pc.example/portal/invite/{token}/"
    assert invite_person(token) == person
    user = invite_accept(token=token, password=PASSWORD)

    assert Person.objects.get(pk=person.pk).user == user
    with pytest.raises(InvalidInvite):
        invite_person(token)


def test_a_changed_email_voids_the_link(person):
    token = invite_token(person)
    person.email = "other@acme.example"
    person.save()

    with pytest.raises(InvalidInvite):
        invite_person(token)


def test_a_link_expires(person, monkeypatch):
    token = invite_token(person)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + INVITE_MAX_AGE + 60)

    with pytest.raises(InvalidInvite):
        invite_person(token)


def test_an_existing_account_is_refused_and_nothing_changes(person):
    User.objects.create_user(username="ivy@acme.example", password=None)

    with pytest.raises(AccountExists) as refused:
        invite_accept(token=invite_token(person), password=PASSWORD)

    assert refused.value.field == "email"
    assert Person.objects.get(pk=person.pk).user is None
