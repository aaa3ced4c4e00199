"""Importing people and certifications: found again by email, certification points posted once."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.ledger.models import Entry
from partnercenter.linkedaccounts.models import LinkedAccount
from partnercenter.partners.models import Certification, Person
from tests.imports.conftest import CERTIFICATIONS_HEADER as CH
from tests.imports.conftest import PARTNERS_HEADER as PH
from tests.imports.conftest import PEOPLE_HEADER as H
from tests.imports.conftest import Run, problems, snapshot

JANA = "nordlicht,Jana Vogel,jana@nordlicht.example,admin,jana_v,janavogel"
TIM = "nordlicht,Tim Berger,tim@nordlicht.example,member,,"


@pytest.fixture
def partners(run: Run) -> None:
    report = run(
        "partners",
        PH,
        "nordlicht,Nordlicht,it,DE,,active,2021-03-15,false,,,",
        "bleu,Atelier Bleu,creative,FR,,active,2023-09-01,false,,,",
    )
    assert report.ok, report.problems


def test_people_are_created_then_unchanged(run: Run, partners: None) -> None:
    first = run("people", H, JANA, TIM)
    second = run("people", H, JANA, TIM)

    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    jana = Person.objects.get(email="jana@nordlicht.example")
    assert (
        jana.partner.slug,
        jana.role,
        jana.community_username,
        jana.github_login,
        jana.user,
    ) == (
        "nordlicht",
        "admin",
        "jana_v",
        "janavogel",
        None,
    )


PEOPLE_BAD = [
    ("unknown partner slug", TIM.replace("nordlicht,", "nowhere,", 1), "partner"),
    ("bad email", TIM.replace("tim@nordlicht.example", "tim-at-nordlicht"), "email"),
    ("bad role", TIM.replace(",member,", ",boss,"), "role"),
    ("no name", TIM.replace("Tim Berger", ""), "name"),
    ("duplicate email in the file", JANA.replace("Jana Vogel", "Jana V."), "email"),
    ("GitHub login taken in the file", TIM + "janavogel", "github_login"),
]


@pytest.mark.parametrize(("case", "row", "field"), PEOPLE_BAD, ids=[c[0] for c in PEOPLE_BAD])
def test_a_bad_person_row_refuses_the_file(
    run: Run, partners: None, case: str, row: str, field: str
) -> None:
    before = snapshot()

    report = run("people", H, JANA, row)

    assert problems(report) == [(3, field)], report.problems
    assert snapshot() == before


def test_a_login_of_someone_else_is_refused(run: Run, partners: None) -> None:
    run("people", H, JANA)

    report = run("people", H, "bleu,Claire,claire@bleu.example,admin,JANA_V,")

    assert problems(report) == [(2, "community_username")]
    assert "Jana Vogel" in report.problems[0].message


def test_an_existing_person_who_differs_is_refused_not_overwritten(
    run: Run, partners: None
) -> None:
    run("people", H, JANA)

    report = run("people", H, JANA.replace(",admin,", ",member,"))

    assert problems(report) == [(2, "role")]
    assert Person.objects.get(email="jana@nordlicht.example").role == "admin"


@pytest.fixture
def people(run: Run, partners: None) -> None:
    assert run("people", H, JANA, TIM, "bleu,Jana (Bleu),jana@bleu.example,member,,").ok


def test_certifications_are_recorded_with_their_points_once(run: Run, people: None) -> None:
    report = run(
        "certifications",
        CH,
        "jana@nordlicht.example,nordlicht,developer,2024-05-20,2027-05-20",
        "tim@nordlicht.example,,sales,2025-02-11,",
    )
    again = run("certifications", CH, "tim@nordlicht.example,,sales,2025-02-11,")

    assert (report.ok, report.created, again.created, again.unchanged) == (True, 2, 0, 1)
    cert = Certification.objects.get(person__email="jana@nordlicht.example")
    assert (cert.type, cert.kind, cert.earned_on, cert.expires_on) == (
        "developer",
        "profile",
        date(2024, 5, 20),
        date(2027, 5, 20),
    )
    entries = Entry.objects.filter(activity="certification")
    assert sorted(e.points for e in entries) == [1000, 1000]


CERT_BAD = [
    ("unknown type", "tim@nordlicht.example,,wizard,2025-02-11,", "type"),
    ("unknown person", "nobody@nordlicht.example,,sales,2025-02-11,", "email"),
    ("bad email", "tim-at-nordlicht,,sales,2025-02-11,", "email"),
    ("unknown partner slug", "tim@nordlicht.example,nowhere,sales,2025-02-11,", "partner"),
    ("bad date", "tim@nordlicht.example,,sales,11/02/2025,", "earned_on"),
    ("future date", "tim@nordlicht.example,,sales,2099-02-11,", "earned_on"),
    ("expires before earned", "tim@nordlicht.example,,sales,2025-02-11,2025-01-01", "expires_on"),
]


@pytest.mark.parametrize(("case", "row", "field"), CERT_BAD, ids=[c[0] for c in CERT_BAD])
def test_a_bad_certification_row_refuses_the_file(
    run: Run, people: None, case: str, row: str, field: str
) -> None:
    before = snapshot()

    report = run("certifications", CH, "jana@nordlicht.example,,developer,2024-05-20,", row)

    assert problems(report) == [(3, field)], report.problems
    assert snapshot() == before


def test_an_email_at_two_partners_needs_the_partner(run: Run, people: None) -> None:
    run("people", H, "nordlicht,Jana (again),jana@bleu.example,member,,")

    ambiguous = run("certifications", CH, "jana@bleu.example,,sales,2025-02-11,")
    named = run("certifications", CH, "jana@bleu.example,bleu,sales,2025-02-11,")

    assert problems(ambiguous) == [(2, "partner")]
    assert named.ok
    assert Certification.objects.get().partner.slug == "bleu"


def test_a_stored_certification_with_another_expiry_is_refused(run: Run, people: None) -> None:
    run("certifications", CH, "tim@nordlicht.example,,sales,2025-02-11,")

    report = run("certifications", CH, "tim@nordlicht.example,,sales,2025-02-11,2028-01-01")

    assert problems(report) == [(2, "expires_on")]


def test_the_same_email_at_another_partner_cannot_take_a_linked_login(
    run: Run, partners: None
) -> None:
    """Two partners' people with one email are two people: a login is linked to only one."""
    run("people", H, JANA)
    before = snapshot()

    report = run("people", H, JANA.replace("nordlicht,", "bleu,", 1))

    assert problems(report) == [(2, "community_username"), (2, "github_login")]
    assert snapshot() == before


def test_imported_logins_are_staff_links_with_the_reason_import(run: Run, partners: None) -> None:
    run("people", H, JANA)

    links = LinkedAccount.objects.values_list("provider", "login", "verified_via", "reason")
    assert sorted(links) == [
        ("community", "jana_v", "staff", "import"),
        ("github", "janavogel", "staff", "import"),
    ]
