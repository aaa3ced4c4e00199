"""Withdrawing a submission asks for an explicit confirmation (issue 8, item 7)."""

from __future__ import annotations

from datetime import date

from django.test import Client

from partnercenter.submissions.models import Status, Submission
from partnercenter.submissions.services import submission_create
from tests.submissions.factories import World


def _pending(world: World) -> Submission:
    return submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study of Example AG",
        evidence_url="https://example.com/case",
    )


def test_the_page_asks_for_a_ticked_box_before_withdrawing(client: Client, world: World) -> None:
    sub = _pending(world)
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    body = client.get(f"/portal/activities/{sub.pk}/").content.decode()

    assert 'type="checkbox"' in body
    assert 'name="confirm"' in body
    assert "cannot be undone" in body


def test_withdraw_without_the_confirmation_changes_nothing(client: Client, world: World) -> None:
    sub = _pending(world)
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    response = client.post(f"/portal/activities/{sub.pk}/withdraw/", follow=True)

    sub.refresh_from_db()
    assert sub.status == Status.PENDING
    assert "Tick the box" in response.content.decode()


def test_withdraw_with_the_confirmation_withdraws(client: Client, world: World) -> None:
    sub = _pending(world)
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    response = client.post(f"/portal/activities/{sub.pk}/withdraw/", {"confirm": "on"}, follow=True)

    sub.refresh_from_db()
    assert sub.status == Status.WITHDRAWN
    assert "The submission is withdrawn." in response.content.decode()
