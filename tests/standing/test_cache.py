"""A partner's cached standing is never stale: every write it depends on shows on the next load.

Issue 14, "Caching where the data allows it": postings, reversals, certifications, reviews
and plan changes are each visible on the very next dashboard load; a load with nothing
changed reads the cache and not the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnercenter.backoffice.services import adjustment_post
from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_reverse
from partnercenter.partners.models import Partner
from partnercenter.partners.services import certification_record
from partnercenter.review.services import partner_retier
from partnercenter.standing import cache as standing_cache
from tests.submissions.factories import World


def _shown(client: Client, testid: str) -> str:
    page = client.get("/portal/").content.decode()
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert found, page
    return found.group(1).strip()


def test_a_second_load_reads_the_cache_not_the_ledger(ada: Client) -> None:
    # given the dashboard was opened once
    assert _shown(ada, "points") == "300"
    # when it is opened again with nothing changed
    with CaptureQueriesContext(connection) as queries:
        assert _shown(ada, "points") == "300"
    # then no query read the ledger or the certifications
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "ledger_entry" not in sql and "partners_certification" not in sql


def _post(world: World) -> None:
    adjustment_post(partner=world.a, staff_user=world.staff, points=50, reason="More", key="m")


def _reverse(world: World) -> None:
    entry_reverse(entry=Entry.objects.get(idempotency_key__endswith="s"), reason="Wrong")


def _certify(world: World) -> None:
    certification_record(
        person=world.a_member, type="sales", earned_on=timezone.now().date() - timedelta(days=1)
    )


@pytest.mark.parametrize(
    ("write", "points"),
    [(_post, "350"), (_reverse, "0"), (_certify, "1,300")],
    ids=["posting", "reversal", "certification"],
)
def test_a_write_is_visible_on_the_next_page_load(
    ada: Client, world: World, write: Callable[[World], None], points: str
) -> None:
    # given the dashboard shows 300 points (and has cached them)
    assert _shown(ada, "points") == "300"
    # when a posting, a reversal or a certification is written
    write(world)
    # then the next load shows it
    assert _shown(ada, "points") == points


def test_a_review_is_visible_on_the_next_page_load(ada: Client, world: World) -> None:
    # given Acme has points enough for a level but was never reviewed
    adjustment_post(partner=world.a, staff_user=world.staff, points=5000, reason="Big", key="b")
    assert _shown(ada, "level") == "No level yet"
    # when it is re-tiered
    partner_retier(partner=world.a, as_of=timezone.now().date() + timedelta(days=1))
    # then the next load shows its new level
    assert _shown(ada, "level") == "Professional"


def test_a_plan_change_is_visible_on_the_next_page_load(ada: Client, world: World) -> None:
    # given the dashboard was opened without a plan
    before = ada.get("/portal/").content.decode()
    # when the partner's plan is paid (a write to its row, by billing)
    Partner.objects.filter(pk=world.a.pk).update(
        plan="business", plan_paid_until=timezone.now().date() + timedelta(days=30)
    )
    # then the next load is computed afresh (the row is part of the key)
    assert ada.get("/portal/").content.decode() != before


def test_the_token_is_replaced_again_when_the_transaction_commits(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # given the partner's current token
    before = standing_cache._tokens(world.a.pk)
    # when a write marks its standing changed inside a transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        standing_cache.standing_changed(world.a.pk)
        during = standing_cache._tokens(world.a.pk)
    # then the token changed at once, and changes again on commit
    assert during[1] != before[1] and len(callbacks) == 1
    callbacks[0]()
    assert standing_cache._tokens(world.a.pk)[1] not in (before[1], during[1])


def test_re_tiering_one_partner_keeps_the_others_cached(world: World) -> None:
    # given both partners' tokens (partner, all)
    a_before, b_before = standing_cache._tokens(world.a.pk), standing_cache._tokens(world.b.pk)
    # when only Acme is re-tiered
    partner_retier(partner=world.a, as_of=timezone.now().date() + timedelta(days=1))
    # then Acme's own token changed, and neither the shared token nor the other's did
    a_after, b_after = standing_cache._tokens(world.a.pk), standing_cache._tokens(world.b.pk)
    assert a_after[1] != a_before[1] and a_after[0] == a_before[0]
    assert b_after == b_before


@pytest.mark.parametrize("how", ["replaced", "new"])
def test_an_edition_stored_makes_every_kept_value_recomputed(
    world: World, tmp_path: Any, how: str
) -> None:
    from partnercenter.programs.services import edition_load
    from tests.conftest import SHIPPED_EDITION

    # given a value kept for Acme (computed once, then read)
    computed: list[int] = []
    day = timezone.now().date()

    def keep() -> int:
        computed.append(1)
        return len(computed)

    assert standing_cache.standing_cached("probe", world.a, day, keep) == 1
    assert standing_cache.standing_cached("probe", world.a, day, keep) == 1
    # when an edition is replaced, or a new one is stored
    text = SHIPPED_EDITION.read_text() + "\n# changed\n"
    if how == "new":
        text = text.replace('edition = "2025-01-01"', 'edition = "2026-01-01"', 1)
        text = text.replace("effective_from = 2025-01-01", "effective_from = 2026-01-01", 1)
    path = tmp_path / SHIPPED_EDITION.name
    path.write_text(text)
    edition_load(path=path, replace=True)
    # then the next read computes it again
    assert standing_cache.standing_cached("probe", world.a, day, keep) == 2
