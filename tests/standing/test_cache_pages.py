"""The rendered parts of the portal pages kept with a partner's standing are never stale.

Issue 14: the dashboard's cards and history, the unfiltered ledger pages and the plan
page's level and benefits are rendered once per change (`standing.cache.standing_cached`);
each write they depend on shows on the very next load, and what is not kept (running
notices, the plan choice) is read live.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnercenter.backoffice.services import adjustment_post
from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_reverse
from partnercenter.partners.models import Notice, Partner
from partnercenter.standing import cache as standing_cache
from tests.submissions.factories import World


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _without_csrf(page: str) -> str:
    """The page without its per-request CSRF token (the sign-out form's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _count_line(page: str) -> str:
    found = re.search(r'<p class="muted">([^<]*entr[^<]*)</p>', page)
    assert found, page
    return found.group(1)


def test_a_second_ledger_load_reads_the_cache_not_the_ledger(ada: Client) -> None:
    # given the ledger was opened once
    first = _page(ada, "/portal/ledger/")
    # when it is opened again with nothing changed
    with CaptureQueriesContext(connection) as queries:
        again = _page(ada, "/portal/ledger/")
    # then it shows the same and no query read the ledger
    assert _without_csrf(again) == _without_csrf(first)
    assert "ledger_entry" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_posting_and_a_reversal_show_on_the_next_ledger_load(ada: Client, world: World) -> None:
    # given the cached ledger shows one entry
    assert _count_line(_page(ada, "/portal/ledger/")).startswith("1 entry · +300 points")
    # when an entry is posted
    adjustment_post(partner=world.a, staff_user=world.staff, points=50, reason="More", key="m")
    # then the next load lists it and counts it
    page = _page(ada, "/portal/ledger/")
    assert _count_line(page).startswith("2 entries · +350 points") and "More" in page
    # and when the first entry is reversed, the next load says so
    entry_reverse(entry=Entry.objects.get(idempotency_key__endswith="s"), reason="Wrong")
    page = _page(ada, "/portal/ledger/")
    assert "Reversed by entry" in page and _count_line(page).startswith("3 entries · +50 points")


def test_a_filtered_ledger_is_not_taken_from_the_cache(ada: Client, world: World) -> None:
    # given the unfiltered ledger is cached
    _page(ada, "/portal/ledger/")
    # when a filter is asked for
    page = _page(ada, "/portal/ledger/?start=2000-01-01&end=2000-01-02")
    # then it filters (nothing matches) instead of showing the cached page
    assert _count_line(page).startswith("0 entries")


def test_a_posting_shows_on_the_next_plan_page_load(ada: Client, world: World) -> None:
    # given the plan page shows the window's points (and has kept them)
    assert "You have 300 points now" in _page(ada, "/portal/plan/")
    # when points earned yesterday are posted
    adjustment_post(
        partner=world.a,
        staff_user=world.staff,
        points=50,
        reason="More",
        key="m",
        occurred_at=timezone.now() - timedelta(days=1),
    )
    # then the next load shows them
    assert "You have 350 points now" in _page(ada, "/portal/plan/")


def _dashboard_points(page: str) -> str:
    found = re.search(r'data-testid="points">([^<]*)<', page)
    assert found, page
    return found.group(1)


def test_the_plan_page_and_the_dashboard_count_the_same_points(ada: Client, world: World) -> None:
    # given Acme's 300 points were posted today, and both pages were opened once (kept)
    _page(ada, "/portal/")
    _page(ada, "/portal/plan/")
    # when more points earned today are posted
    adjustment_post(partner=world.a, staff_user=world.staff, points=4200, reason="Today", key="t")
    # then both pages count them, up to now (PRODUCT.md: the points a partner has now)
    assert _dashboard_points(_page(ada, "/portal/")) == "4,500"
    assert "You have 4,500 points now" in _page(ada, "/portal/plan/")


def test_a_plan_change_shows_on_the_next_plan_page_load(ada: Client, world: World) -> None:
    # given the plan page was opened without a plan
    assert "No paid plan" in _page(ada, "/portal/plan/")
    # when the partner's plan is paid (a write to its row)
    Partner.objects.filter(pk=world.a.pk).update(
        plan="basic", plan_paid_until=timezone.now().date() + timedelta(days=30)
    )
    # then the next load shows the plan, paid
    page = _page(ada, "/portal/plan/")
    assert "No paid plan" not in page and "Basic" in page


def test_a_new_notice_shows_on_the_next_dashboard_load(ada: Client, world: World) -> None:
    # given the dashboard was opened (and its cards kept)
    assert "Logo deadline" not in _page(ada, "/portal/")
    # when a notice is given to the partner (no token is replaced)
    Notice.objects.create(
        partner=world.a,
        kind="logo",
        message="Change the logo.",
        due_on=timezone.now().date() + timedelta(days=30),
    )
    # then the next load shows it: running notices are read on every load
    assert "Change the logo." in _page(ada, "/portal/")


def test_a_value_kept_under_old_tokens_is_recomputed(world: World) -> None:
    # given a value kept for Acme
    today = timezone.now().date()
    assert standing_cache.standing_cached("t", world.a, today, lambda: 1) == 1
    assert standing_cache.standing_cached("t", world.a, today, lambda: 2) == 1
    # when Acme's standing changes
    standing_cache.standing_changed(world.a.pk)
    # then the value is computed again (and kept)
    assert standing_cache.standing_cached("t", world.a, today, lambda: 3) == 3
    assert standing_cache.standing_cached("t", world.a, today, lambda: 4) == 3


def _csrf_of_plan_forms(page: str) -> set[str]:
    form = r'action="/portal/plan/choose/"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    return set(re.findall(form, page))


def test_a_kept_plan_choice_gets_each_response_its_own_csrf_token(world: World) -> None:
    # given an admin whose browser checks CSRF, and the plan page opened once (kept)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a_admin.user)
    _page(client, "/portal/plan/")
    # when it is opened again (from the cache) and a plan is chosen with its form's token
    tokens = _csrf_of_plan_forms(_page(client, "/portal/plan/"))
    assert len(tokens) == 1
    token = tokens.pop()
    assert "csrf-slot" not in token
    response = client.post("/portal/plan/choose/", {"plan": "silver", "csrfmiddlewaretoken": token})
    # then the choice is accepted (not refused as forged) and the next load shows it
    assert response.status_code == 302
    assert "You are subscribed to the <strong>Silver</strong> plan" in _page(
        client, "/portal/plan/"
    )


def test_the_kept_plan_choice_follows_the_persons_role(world: World) -> None:
    # given the admin opened the plan page (its choice buttons kept)
    admin = Client()
    admin.force_login(world.a_admin.user)
    assert 'value="silver"' in _page(admin, "/portal/plan/")
    # when a member of the same partner opens it
    member = Client()
    member.force_login(world.a_member.user)
    page = _page(member, "/portal/plan/")
    # then the member gets no buttons
    assert 'value="silver"' not in page and "A partner admin chooses the plan" in page
