"""The back-office navigation reaches every staff page (issue 8, item 7)."""

from __future__ import annotations

from django.test import Client

from tests.submissions.factories import World


def test_the_webhook_inbox_is_linked_from_the_back_office(client: Client, world: World) -> None:
    client.force_login(world.staff)

    for url in ("/backoffice/", "/backoffice/partners/", "/backoffice/queue/"):
        page = client.get(url).content.decode()
        assert '<a href="/hooks/inbox/">Webhook inbox</a>' in page, url
    assert client.get("/hooks/inbox/").status_code == 200
