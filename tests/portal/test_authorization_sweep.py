"""Every portal and back-office URL, tried by two partners' people in every role, and by staff.

Given partner A's objects (a submission with evidence, people, an invitation),
each actor of partner B (anonymous, member, partner admin) must get a refusal
or a page without A's data, and nothing of A may change. The sweep fails when a
new URL is added without an entry here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.partners.models import Role
from tests.portal.sweep_urls import _urls
from tests.portal.sweep_world import (  # noqa: F401  (a_objects is a fixture)
    PUBLIC,
    SECRET,
    _patterns,
    _snapshot,
    a_objects,
)
from tests.submissions.factories import World


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_every_url_is_in_the_sweep(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
) -> None:
    named = {f"portal:{n}" for n in _patterns("portal")} | {
        f"backoffice:{n}" for n in _patterns("backoffice")
    }

    assert named == set(_urls(a_objects))


def test_no_cross_partner_access(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
) -> None:
    actors: dict[str, Client] = {"anonymous": Client()}
    for name in ("b_member", "b_admin"):
        client = Client()
        client.force_login(getattr(world, name).user)
        actors[name] = client
    before = _snapshot(world)
    leaks = []
    for name, (url, data) in _urls(a_objects).items():
        short = name.split(":")[1]
        for actor, client in actors.items():
            response = client.post(url, data) if data is not None else client.get(url)
            body = _body(response)
            token_bearer = actor == "anonymous" and short == "invite"  # the link is the credential
            if not token_bearer and (SECRET.encode() in body or b"Acme" in body):
                leaks.append((name, actor, response.status_code))
            guarded = short not in PUBLIC and short not in ("invite", "logout")
            if actor == "anonymous" and guarded:
                assert response.status_code == 302, (name, actor)
                assert "/portal/login/" in response["Location"], (name, actor)
            if actor != "anonymous" and name.startswith("backoffice:"):
                assert response.status_code == 403, (name, actor, response.status_code)
            if name in (
                "portal:submission",
                "portal:submission_evidence",
                "portal:submission_withdraw",
                "portal:membership_document",
                "portal:contract_pdf",
                "portal:contract_signed_pdf",
                "portal:lead_act",
                "portal:referral",
                "portal:ticket",
                "portal:meeting_ics",
                "portal:meeting_cancel",
                "portal:event_registration_cancel",
                "portal:event_register",
                "portal:certificate_issue",
            ):
                assert response.status_code in (302, 404), (name, actor)
            if name == "portal:contract_sign":  # members: admin-only (403); admins: not theirs
                assert response.status_code in (302, 403 if actor == "b_member" else 404)
            if actor == "b_admin" and name in (
                "portal:team_role",
                "portal:team_invite_resend",
                "portal:team_invite_cancel",
            ):
                assert response.status_code == 404
        if short == "logout":
            for actor in ("b_member", "b_admin"):
                actors[actor].force_login(getattr(world, actor).user)
    assert leaks == []
    assert _snapshot(world) == before


@pytest.mark.parametrize("actor", ["a_member", "a_admin", "staff"])
def test_roles_of_the_own_partner_and_staff(
    world: World,
    a_objects: dict[str, Any],  # noqa: F811  (the imported fixture)
    actor: str,
) -> None:
    client = Client()
    user = world.staff if actor == "staff" else getattr(world, actor).user
    client.force_login(user)
    admin_only = {
        "portal:team_invite",
        "portal:team_role",
        "portal:profile",
        "portal:public_page",
        "portal:public_page_pending_logo",
        "portal:appeal_new",
        "portal:plan_choose",
        "portal:kick_off_buy",
        "portal:invoice_pay",
    }
    for name, (url, data) in _urls(a_objects).items():
        short = name.split(":")[1]
        if short in PUBLIC or short in ("logout", "invite", "password_reset_confirm"):
            continue
        if data is not None:
            continue  # writes by the rightful roles are tested in the app's own tests
        response = client.get(url)
        if name.startswith("backoffice:"):
            expected = 403 if actor != "staff" else (404 if short == "review_run" else 200)
        elif actor == "staff" or name in admin_only and actor == "a_member":
            expected = 403
        else:
            expected = 200
        assert response.status_code == expected, (name, actor, response.status_code)
    if actor == "a_member":
        response = client.post("/portal/team/invite/", {"name": "E", "email": "e@x.example"})
        assert response.status_code == 403
        assert (
            client.post(f"/portal/team/{world.a_admin.pk}/role/", {"role": "member"}).status_code
            == 403
        )
        world.a_admin.refresh_from_db()
        assert world.a_admin.role == Role.ADMIN
