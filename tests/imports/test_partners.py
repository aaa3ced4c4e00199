"""Importing partners: every cell checked, all or nothing, found again by slug, never overwritten."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.billing.models import Invoice, Subscription
from partnercenter.billing.services import billing_run
from partnercenter.partners.models import Partner
from tests.imports.conftest import PARTNERS_HEADER as H
from tests.imports.conftest import Run, problems, snapshot

GOOD = "nordlicht,Nordlicht Web GmbH,it,DE,https://nordlicht.example,active,2021-03-15,false,silver,2027-03-14,2027-03-14"
APPLICANT = "cloudharbor,CloudHarbor,hosting,gb,,applicant,,,,,"


def test_good_file_creates_partners_with_every_field(run: Run) -> None:
    report = run("partners", H, GOOD, APPLICANT)

    assert (report.ok, report.written, report.created, report.unchanged) == (True, True, 2, 0)
    p = Partner.objects.get(slug="nordlicht")
    assert (p.name, p.profile, p.country, p.website, p.status) == (
        "Nordlicht Web GmbH",
        "it",
        "DE",
        "https://nordlicht.example",
        "active",
    )
    assert (p.partner_since, p.activated_on, p.plan, p.plan_paid_until, p.valid_until) == (
        date(2021, 3, 15),
        date(2021, 3, 15),
        "silver",
        date(2027, 3, 14),
        date(2027, 3, 14),
    )
    applicant = Partner.objects.get(slug="cloudharbor")
    assert (applicant.country, applicant.status, applicant.activated_on) == (
        "GB",
        "applicant",
        None,
    )


def test_importing_the_same_file_twice_creates_nothing_new(run: Run) -> None:
    run("partners", H, GOOD, APPLICANT)
    before = snapshot()

    again = run("partners", H, GOOD, APPLICANT)

    assert (again.ok, again.created, again.unchanged) == (True, 0, 2)
    assert snapshot() == before


def test_dry_run_reports_and_writes_nothing(run: Run) -> None:
    report = run("partners", H, GOOD, APPLICANT, dry_run=True)

    assert (report.ok, report.written, report.created) == (True, False, 2)
    assert Partner.objects.count() == 0


BAD_ROWS = [
    ("unknown profile", GOOD.replace(",it,", ",plumbing,"), "profile"),
    ("bad country", GOOD.replace(",DE,", ",XX,"), "country"),
    ("bad date", GOOD.replace("2021-03-15", "15.03.2021"), "partner_since"),
    ("impossible date", GOOD.replace("2021-03-15", "2021-02-30"), "partner_since"),
    ("future date", GOOD.replace("2021-03-15", "2099-01-01"), "partner_since"),
    ("bad status", GOOD.replace(",active,", ",sleeping,"), "status"),
    ("bad slug", GOOD.replace("nordlicht,", "nord licht,", 1), "slug"),
    ("no name", GOOD.replace("Nordlicht Web GmbH", ""), "name"),
    ("bad website", GOOD.replace("https://nordlicht.example", "nordlicht"), "website"),
    ("bad student flag", GOOD.replace(",false,", ",maybe,"), "student"),
    ("unknown plan", GOOD.replace(",silver,", ",diamond,"), "plan"),
    ("student plan, not a student", GOOD.replace(",silver,", ",student,"), "plan"),
    ("paid until without a plan", GOOD.replace(",silver,", ",,"), "plan_paid_until"),
    ("member without partner_since", GOOD.replace("2021-03-15", ""), "partner_since"),
    (
        "valid_until before partner_since",
        GOOD.replace("2027-03-14,2027-03-14", "2027-03-14,2020-01-01"),
        "valid_until",
    ),
]


@pytest.mark.parametrize(("case", "row", "field"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_is_listed_and_nothing_is_written(
    run: Run, case: str, row: str, field: str
) -> None:
    report = run("partners", H, APPLICANT, row)

    assert not report.ok and not report.written
    assert problems(report)[0] == (3, field), report.problems
    assert {line for line, _ in problems(report)} == {3}
    assert report.problems[0].message
    assert (report.created, report.refused) == (1, 1)  # the good row would be created…
    assert Partner.objects.count() == 0  # …but nothing is written


def test_a_slug_twice_in_the_file_is_refused_on_the_second_line(run: Run) -> None:
    report = run("partners", H, GOOD, APPLICANT, GOOD.replace("Nordlicht Web GmbH", "Other"))

    assert problems(report) == [(4, "slug")]
    assert "line 2" in report.problems[0].message
    assert Partner.objects.count() == 0


def test_an_existing_partner_that_differs_is_refused_by_field_not_overwritten(run: Run) -> None:
    run("partners", H, GOOD)

    report = run("partners", H, GOOD.replace(",DE,", ",AT,").replace(",silver,", ",gold,"))

    assert problems(report) == [(2, "country"), (2, "plan")]
    assert "stored 'DE', file 'AT'" in report.problems[0].message
    p = Partner.objects.get(slug="nordlicht")
    assert (p.country, p.plan) == ("DE", "silver")


def test_every_problem_of_a_row_is_listed(run: Run) -> None:
    row = "Bad Slug!,,plumbing,XX,ftp://x,sleeping,yesterday,perhaps,diamond,soon,later"

    report = run("partners", H, row)

    assert {f for _, f in problems(report)} == {
        "slug",
        "name",
        "profile",
        "country",
        "website",
        "status",
        "partner_since",
        "student",
        "plan",
        "plan_paid_until",
        "valid_until",
    }


def test_optional_columns_may_be_left_out_and_columns_come_in_any_order(run: Run) -> None:
    report = run(
        "partners",
        "status,slug,name,profile,country,partner_since",
        "active,acme,Acme,creative,fr,2024-01-01",
    )

    assert report.ok, report.problems
    p = Partner.objects.get(slug="acme")
    assert (p.profile, p.country, p.plan, p.student, p.website) == ("creative", "FR", "", False, "")


def test_existing_partner_made_elsewhere_is_unchanged_when_equal(
    run: Run, make_partner: Any
) -> None:
    make_partner(
        "acme", name="Acme", country="FR", profile="creative", partner_since=date(2024, 1, 1)
    )
    Partner.objects.filter(slug="acme").update(activated_on=date(2024, 1, 1))

    report = run("partners", H, "acme,Acme,creative,FR,,active,2024-01-01,false,,,")

    assert (report.ok, report.unchanged, report.created) == (True, 1, 0)


def test_a_slug_stored_by_someone_else_meanwhile_refuses_the_whole_file(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from partnercenter.imports.errors import ImportFileError

    def racing(**_: object) -> None:
        raise IntegrityError("UNIQUE constraint failed: partners_partner.slug")

    monkeypatch.setattr(Partner.objects, "create", racing)

    with pytest.raises(ImportFileError) as refused:
        run("partners", H, GOOD)

    assert "at the same time; nothing was written" in refused.value.message
    assert snapshot() == (0, 0, 0, 0, 0)


def test_a_written_import_is_in_the_audit_trail_and_a_dry_run_is_not(run: Run) -> None:
    from partnercenter.audit.models import AuditEvent

    run("partners", H, GOOD, dry_run=True)
    assert not AuditEvent.objects.filter(action="import.apply").exists()
    run("partners", H, GOOD)
    event = AuditEvent.objects.get(action="import.apply")
    assert event.details == {"kind": "partners", "rows": 1, "created": 1}


def test_an_imported_member_with_a_plan_is_billed_from_the_day_after_its_paid_period(
    run: Run,
) -> None:
    """Given a member paid through 2027-03-14 elsewhere, when imported, then `billing run`
    issues nothing for what is paid and the first invoice for the period from 2027-03-15."""
    run("partners", H, GOOD, APPLICANT)

    sub = Subscription.objects.get(partner__slug="nordlicht")
    assert (sub.plan, sub.current_period_end, sub.anchor_on) == (
        "silver",
        date(2027, 3, 14),
        date(2027, 3, 15),
    )
    assert not Subscription.objects.filter(partner__slug="cloudharbor").exists()
    billing_run(as_of=date(2027, 3, 14))
    assert not Invoice.objects.filter(partner__slug="nordlicht").exists()
    billing_run(as_of=date(2027, 3, 15))
    invoice = Invoice.objects.get(partner__slug="nordlicht")
    assert invoice.period_start == date(2027, 3, 15)
