"""Announcements to segments: checked by field, one email per person (idempotent), portal
history per partner, optional mailings and the signed unsubscribe link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.audit.models import AuditEvent
from partnercenter.engagement import errors
from partnercenter.engagement.announcements import (
    announcement_check,
    announcement_deliver,
    announcement_send,
    mailing_subscribe,
    unsubscribe_token,
)
from partnercenter.engagement.models import Announcement, MailingOptOut
from partnercenter.engagement.selectors import partner_announcements
from partnercenter.notifications.models import Message


def _send(**kwargs: Any) -> Announcement:
    """Send, then run what the background job does (see test_announcement_job.py)."""
    a = announcement_send(**kwargs)
    return announcement_deliver(announcement_id=a.pk)


def test_send_to_gold_partners_queues_one_email_per_person(pair: Any) -> None:
    draft = announcement_check(
        kind="briefing", subject="Q3 briefing", body="Hello partners.", levels=["gold"]
    )
    assert draft.recipients() == (1, 2)
    a = _send(draft=draft, staff=pair.staff)
    mails = Message.objects.filter(kind="announcement")
    assert sorted(m.to_email for m in mails) == ["ada@acme.example", "max@acme.example"]
    assert all(m.key.startswith(f"announcement:{a.pk}:") for m in mails)
    assert mails[0].subject == "Briefing: Q3 briefing"
    assert list(partner_announcements(pair.gold)) == [a]
    assert list(partner_announcements(pair.basic)) == []
    assert AuditEvent.objects.get(action="announcement.send").details["partners"] == 1
    assert AuditEvent.objects.get(action="announcement.delivered").details["emails"] == 2


@pytest.mark.parametrize(
    ("segment", "count"),
    [
        ({}, (2, 4)),
        ({"profiles": ["hosting"]}, (1, 2)),
        ({"countries": ["fr"]}, (1, 2)),
        ({"levels": ["gold"], "countries": ["FR"]}, (0, 0)),
    ],
)
def test_segments_combine(pair: Any, segment: dict[str, Any], count: tuple[int, int]) -> None:
    draft = announcement_check(kind="announcement", subject="S", body="B", **segment)
    assert draft.recipients() == count


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"body": ""}, "body"),
        ({"kind": "spam"}, "kind"),
        ({"levels": ["legendary"]}, "levels"),
        ({"profiles": ["plumbing"]}, "profiles"),
        ({"countries": ["XX"]}, "countries"),
    ],
)
def test_bad_announcements_are_refused_by_field(
    pair: Any, fields: dict[str, Any], field: str
) -> None:
    values = {"kind": "announcement", "subject": "S", "body": "B", **fields}
    with pytest.raises(errors.InvalidInput) as caught:
        announcement_check(**values)
    assert caught.value.field == field
    assert Announcement.objects.count() == 0


def test_optional_mailings_skip_the_unsubscribed_and_carry_the_link(pair: Any) -> None:
    client = Client()
    # Given an optional mailing to everyone
    draft = announcement_check(kind="mailing", subject="Newsletter", body="News")
    _send(draft=draft, staff=pair.staff)
    mail = Message.objects.get(kind="announcement", to_email="max@acme.example")
    link = next(line for line in mail.body_text.splitlines() if "/mailings/unsubscribe/" in line)
    # When max opens the link (no sign-in) it only asks; the button unsubscribes
    url = link.replace("http://127.0.0.1:8000", "").strip()
    response = client.get(url)
    assert (
        response.status_code == 200 and "Unsubscribe max@acme.example" in response.content.decode()
    )
    assert not MailingOptOut.objects.exists()
    assert client.post(url).status_code == 200
    assert MailingOptOut.objects.filter(person=pair.gold_member).exists()
    # Then the next optional mailing skips max, but a briefing still reaches max
    a2 = _send(
        draft=announcement_check(kind="mailing", subject="News 2", body="N"), staff=pair.staff
    )
    assert a2.emails_count == 3
    assert not Message.objects.filter(key=f"announcement:{a2.pk}:{pair.gold_member.pk}").exists()
    b = _send(draft=announcement_check(kind="briefing", subject="B", body="B"), staff=pair.staff)
    assert Message.objects.filter(key=f"announcement:{b.pk}:{pair.gold_member.pk}").exists()
    assert (
        "unsubscribe"
        not in Message.objects.get(key=f"announcement:{b.pk}:{pair.gold_member.pk}").body_text
    )
    # And max re-subscribes in the portal
    mailing_subscribe(person=pair.gold_member, subscribed=True)
    assert not MailingOptOut.objects.exists()


@pytest.mark.parametrize("token", ["forged", "eyJwIjoxfQ:1abc:xyz"])
def test_a_forged_unsubscribe_token_is_refused(pair: Any, token: str) -> None:
    response = Client().get(f"/mailings/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not MailingOptOut.objects.exists()


def test_an_altered_token_is_refused(pair: Any) -> None:
    token = unsubscribe_token(pair.gold_member)
    response = Client().get(f"/mailings/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert not MailingOptOut.objects.exists()


def test_opening_the_link_unsubscribes_nobody(pair: Any) -> None:
    # a mail scanner prefetching the link, twice
    url = f"/mailings/unsubscribe/{unsubscribe_token(pair.gold_member)}/"
    for _ in range(2):
        page = Client().get(url)
        assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert not MailingOptOut.objects.exists()


def test_a_mail_clients_one_click_post_unsubscribes(pair: Any) -> None:
    # RFC 8058: the client POSTs "List-Unsubscribe=One-Click", no session, no CSRF token
    url = f"/mailings/unsubscribe/{unsubscribe_token(pair.gold_member)}/"
    client = Client(enforce_csrf_checks=True)
    for _ in range(2):  # a second POST is harmless
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert MailingOptOut.objects.get().person == pair.gold_member
    assert "You are unsubscribed" in client.get(url).content.decode()  # says so afterwards


def test_a_forged_token_posted_is_refused(pair: Any) -> None:
    response = Client().post("/mailings/unsubscribe/forged/")
    assert response.status_code == 400 and not MailingOptOut.objects.exists()
