"""Invitations go through the outbox and can be resent or cancelled (issue 8, item 7)."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from django.test import Client

from partnercenter.notifications.models import Message
from partnercenter.partners.invitations import invite_person
from partnercenter.partners.models import Person
from partnercenter.portal.services import person_invite
from partnercenter.submissions.services import submission_create
from tests.submissions.factories import World

LINK = re.compile(r"/portal/invite/([^/\s]+)/")


@pytest.fixture
def admin(client: Client, world: World) -> Client:
    client.force_login(world.a_admin.user)  # type: ignore[arg-type]
    return client


def _ivy(world: World) -> Person:
    return person_invite(admin=world.a_admin, name="Ivy", email="ivy@acme.example").person


def _token(message: Message) -> str:
    found = LINK.search(message.body_text)
    assert found, message.body_text
    return found.group(1)


def test_inviting_queues_the_email_in_the_outbox(admin: Client, world: World) -> None:
    admin.post(
        "/portal/team/invite/", {"name": "Ivy", "email": "ivy@acme.example", "role": "member"}
    )

    message = Message.objects.get(to_email="ivy@acme.example")
    assert message.kind == "team_invite"
    assert message.partner == world.a
    assert invite_person(_token(message)).email == "ivy@acme.example"
    assert "Ada" in message.subject


def test_resending_queues_a_new_link(
    admin: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin.post(
        "/portal/team/invite/", {"name": "Ivy", "email": "ivy@acme.example", "role": "member"}
    )
    ivy = Person.objects.get(email="ivy@acme.example")
    later = time.time() + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = admin.post(f"/portal/team/{ivy.pk}/resend/", follow=True)

    first, second = Message.objects.filter(to_email="ivy@acme.example").order_by("pk")
    assert _token(first) != _token(second)
    assert invite_person(_token(second)).pk == ivy.pk
    assert "sent again" in response.content.decode()


def test_the_team_page_offers_resend_and_cancel_for_invited_people_only(
    admin: Client, world: World
) -> None:
    ivy = _ivy(world)

    body = admin.get("/portal/team/").content.decode()

    assert f"/portal/team/{ivy.pk}/resend/" in body
    assert f"/portal/team/{ivy.pk}/cancel/" in body
    assert f"/portal/team/{world.a_member.pk}/resend/" not in body


def test_cancelling_an_unused_invitation_removes_the_person(admin: Client, world: World) -> None:
    ivy = _ivy(world)

    response = admin.post(f"/portal/team/{ivy.pk}/cancel/", follow=True)

    assert not Person.objects.filter(pk=ivy.pk).exists()
    assert "invitation of Ivy is cancelled" in response.content.decode()


def test_cancelling_is_refused_for_a_person_who_signed_in(admin: Client, world: World) -> None:
    response = admin.post(f"/portal/team/{world.a_member.pk}/cancel/", follow=True)

    assert Person.objects.filter(pk=world.a_member.pk).exists()
    assert "already signed in" in response.content.decode()


def test_cancelling_is_refused_when_something_references_the_person(
    admin: Client, world: World
) -> None:
    ivy = _ivy(world)
    submission = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Written with Ivy",
        evidence_url="https://example.com/case",
    )
    submission.people.add(ivy)  # named before invitees became unpickable

    response = admin.post(f"/portal/team/{ivy.pk}/cancel/", follow=True)

    assert Person.objects.filter(pk=ivy.pk).exists()
    assert "is named in the program" in response.content.decode()


def test_a_member_cannot_resend_or_cancel(client: Client, world: World) -> None:
    ivy = _ivy(world)
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    assert client.post(f"/portal/team/{ivy.pk}/resend/").status_code == 403
    assert client.post(f"/portal/team/{ivy.pk}/cancel/").status_code == 403
    assert Person.objects.filter(pk=ivy.pk).exists()
    assert Message.objects.count() == 1  # the first invitation only


def test_another_partners_admin_cannot_touch_the_invitation(client: Client, world: World) -> None:
    ivy = _ivy(world)
    client.force_login(world.b_admin.user)  # type: ignore[arg-type]

    assert client.post(f"/portal/team/{ivy.pk}/cancel/").status_code == 404
    assert client.post(f"/portal/team/{ivy.pk}/resend/").status_code == 404
    assert Person.objects.filter(pk=ivy.pk).exists()
