"""Importing points: ledger entries with their original dates, source `import`, once per key."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from partnercenter.ledger.models import Entry, MonthlyRollup, Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Partner
from tests.imports.conftest import PARTNERS_HEADER as PH
from tests.imports.conftest import PEOPLE_HEADER, Run, problems, snapshot
from tests.imports.conftest import POINTS_HEADER as H

PROJECT = "nordlicht,project,4500,2026-02-10,Intranet for Stadtwerke Nord,crm-1,,"
REVENUE = "nordlicht,revenue,,2026-06-30,Licence sales Q2,crm-2,,1250000"
EVENT = "nordlicht,event_participation,,2026-05-14,Exponential Days,crm-3,jana@nordlicht.example,"
SHARE = "nordlicht,share_information,,2026-09-01,Newsletter,crm-4,,"


@pytest.fixture(autouse=True)
def partner(run: Run) -> None:
    assert run("partners", PH, "nordlicht,Nordlicht,it,DE,,active,2021-03-15,false,,,").ok
    assert run("people", PEOPLE_HEADER, "nordlicht,Jana,jana@nordlicht.example,admin,,").ok


def test_rows_become_entries_with_their_original_dates_and_source_import(run: Run) -> None:
    report = run("points", H, PROJECT, REVENUE, EVENT, SHARE)

    assert (report.ok, report.created) == (True, 4), report.problems
    project = Entry.objects.get(idempotency_key="import:crm-1")
    assert (project.source, project.activity, project.points, project.reason) == (
        Source.IMPORT,
        "project",
        4500,
        "Intranet for Stadtwerke Nord",
    )
    noon = datetime.combine(date(2026, 2, 10), time(12), tzinfo=UTC)
    assert (project.occurred_at, project.recorded_at, project.edition_id) == (
        noon,
        noon,
        "2025-01-01",
    )
    revenue = Entry.objects.get(idempotency_key="import:crm-2")
    assert (revenue.points, revenue.revenue_cents) == (12500, 1250000)
    assert (
        Entry.objects.get(idempotency_key="import:crm-3").person.email == "jana@nordlicht.example"
    )
    # The review reads the monthly rollups, kept in the same transaction as each entry.
    assert MonthlyRollup.objects.get(month=date(2026, 6, 1)).points == 12500


def test_importing_the_same_file_twice_creates_nothing_new(run: Run) -> None:
    run("points", H, PROJECT, REVENUE, EVENT, SHARE)
    before = snapshot()

    again = run("points", H, PROJECT, REVENUE, EVENT, SHARE)

    assert (again.ok, again.created, again.unchanged) == (True, 0, 4)
    assert snapshot() == before


def test_dry_run_writes_nothing(run: Run) -> None:
    report = run("points", H, PROJECT, REVENUE, dry_run=True)

    assert (report.ok, report.created, report.written) == (True, 2, False)
    assert Entry.objects.count() == 0 and MonthlyRollup.objects.count() == 0


BAD = [
    ("unknown activity", PROJECT.replace(",project,", ",teleport,"), "activity"),
    ("certification points", PROJECT.replace(",project,4500,", ",certification,1000,"), "activity"),
    ("below a From N+ minimum", PROJECT.replace("4500", "1500"), "points"),
    (
        "not the catalogue's points",
        SHARE.replace(",,2026-09", ",999,2026-07").replace("crm-4", "crm-9"),
        "points",
    ),
    ("unknown partner slug", PROJECT.replace("nordlicht,", "nowhere,", 1), "partner"),
    ("bad date", PROJECT.replace("2026-02-10", "2026-13-01"), "occurred_on"),
    ("future date", PROJECT.replace("2026-02-10", "2099-02-10"), "occurred_on"),
    ("points not a number", PROJECT.replace("4500", "4.5k"), "points"),
    ("a cell too many", PROJECT.replace("4500", "4,500"), None),
    ("no reason", PROJECT.replace("Intranet for Stadtwerke Nord", ""), "reason"),
    ("no key", PROJECT.replace("crm-1", ""), "key"),
    (
        "key twice in the file",
        SHARE.replace("crm-4", "crm-2").replace("2026-09-01", "2026-08-01"),
        "key",
    ),
    ("per person without the person", EVENT.replace("jana@nordlicht.example", ""), "person_email"),
    ("unknown person", EVENT.replace("jana@", "john@"), "person_email"),
    ("bad person email", EVENT.replace("jana@nordlicht.example", "jana"), "person_email"),
    (
        "revenue without cents",
        REVENUE.replace("1250000", "").replace("crm-2", "crm-9"),
        "revenue_cents",
    ),
    ("revenue on a non-revenue activity", PROJECT + "500", "revenue_cents"),
    (
        "cap reached within the file",
        SHARE.replace("crm-4", "crm-5").replace("09-01", "09-20"),
        "activity",
    ),
]


@pytest.mark.parametrize(("case", "row", "field"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_row_is_listed_and_nothing_is_written(
    run: Run, case: str, row: str, field: str | None
) -> None:
    before = snapshot()

    report = run("points", H, REVENUE, SHARE, row)

    assert not report.ok and not report.written
    if field is None:
        assert [line for line, _ in problems(report)] == [4], report.problems
    else:
        assert problems(report) == [(4, field)], report.problems
    assert report.created == 2  # the good rows were fine, and still nothing is written
    assert snapshot() == before
    assert MonthlyRollup.objects.count() == 0


def test_the_cap_counts_entries_already_in_the_ledger_from_any_source(run: Run) -> None:
    entry_post(
        partner=Partner.objects.get(slug="nordlicht"),
        activity="share_information",
        occurred_at=datetime(2026, 9, 5, tzinfo=UTC),
        source=Source.REPORTED,
        reason="Approved submission",
        idempotency_key="submission:1",
    )

    report = run("points", H, SHARE)

    assert problems(report) == [(2, "activity")]
    assert "September 2026 already has it" in report.problems[0].message


def test_a_stored_key_with_other_content_is_refused_by_field(run: Run) -> None:
    run("points", H, PROJECT)

    report = run("points", H, PROJECT.replace("4500", "5000").replace("2026-02-10", "2026-02-11"))

    assert problems(report) == [(2, "points"), (2, "occurred_on")]
    assert Entry.objects.get().points == 4500


def test_entry_post_accepts_the_import_source_and_keeps_its_caps() -> None:
    # entry_post is the one way into the ledger; `import` is a source like any other.
    assert Source.IMPORT == "import"
    partner = Partner.objects.get(slug="nordlicht")
    first = entry_post(
        partner=partner,
        activity="annual_participation",
        occurred_at=datetime(2024, 3, 15, tzinfo=UTC),
        source=Source.IMPORT,
        reason="Anniversary (old system)",
        idempotency_key="import:a1",
    )
    assert first.created and first.entry.source == "import"
    from partnercenter.ledger.errors import CapReached

    with pytest.raises(CapReached):
        entry_post(
            partner=partner,
            activity="annual_participation",
            occurred_at=datetime(2024, 9, 15, tzinfo=UTC),
            source=Source.SYSTEM,
            reason="Anniversary",
            idempotency_key="anniversary:x",
        )


def test_the_review_counts_imported_points_like_any_other(run: Run) -> None:
    from partnercenter.review.models import TierDecision
    from partnercenter.review.services import review_run

    assert run("points", H, PROJECT, REVENUE).ok  # 4,500 + 12,500 points in the window

    review_run(as_of=date(2026, 11, 1))

    decision = TierDecision.objects.get(partner__slug="nordlicht")
    assert decision.level == "professional"
    assert Partner.objects.get(slug="nordlicht").current_level == "professional"
