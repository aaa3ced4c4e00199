"""The Django admin stays available for raw data; the ledger there is read-only."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client

from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_post
from tests.submissions.factories import World


def test_ledger_admin_lists_but_never_writes(client: Client, world: World) -> None:
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    entry = entry_post(
        partner=world.a,
        activity="forum_post",
        occurred_at=datetime(2025, 3, 1, tzinfo=UTC),
        source="monitored",
        reason="Forum post",
        idempotency_key="t:1",
    ).entry

    assert client.get("/admin/ledger/entry/").status_code == 200
    assert client.get(f"/admin/ledger/entry/{entry.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/ledger/entry/add/").status_code == 403
    assert (
        client.post(f"/admin/ledger/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    client.post(f"/admin/ledger/entry/{entry.pk}/change/", {"points": "999"})
    entry.refresh_from_db()
    assert entry.points == 10
    assert Entry.objects.count() == 1
    for url in (
        "/admin/partners/partner/",
        "/admin/review/tierdecision/",
        "/admin/submissions/submission/",
        "/admin/programs/programedition/",
    ):
        assert client.get(url).status_code == 200, url
