"""A certification arrives by the webhook, a CSV import and staff: recorded once, points once."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client

from partnercenter.certifications.errors import CertificationRefused
from partnercenter.certifications.services import certification_report, person_by_certified_email
from partnercenter.imports.services import import_run
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Certification, Person, Role
from tests.identity.totp import verified_account
from tests.submissions.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def tim(make_partner: Any) -> Person:
    acme = make_partner("acme", status="active")
    tim = Person.objects.create(partner=acme, name="Tim", email="tim@acme.test", role=Role.ADMIN)
    verified_account(tim)  # the certification system finds people by a verified address
    return tim


def _csv(*rows: str) -> Any:
    text = "email,partner,type,earned_on,expires_on\n" + "\n".join(rows) + "\n"
    return import_run(kind="certifications", stream=io.BytesIO(text.encode()), dry_run=False)


def _staff() -> Client:
    client = Client()
    client.force_login(make_staff("s@7x.test"))
    return client


def test_webhook_then_csv_then_staff_record_one_certification_and_1000_points(tim: Person) -> None:
    # given the certification system reported Tim's sales certification
    reported = certification_report(
        email="TIM@acme.test", type="Sales", earned_on="2025-03-01", expires_on="2027-03-01"
    )
    assert reported.created and reported.points == 1000
    # when the same certification comes in a CSV file and from staff
    report = _csv("tim@acme.test,,sales,2025-03-01,2027-03-01")
    response = _staff().post(
        "/backoffice/partners/acme/certify/",
        {"person": tim.pk, "type": "sales", "earned_on": "2025-03-01", "expires_on": "2027-03-01"},
    )
    # then the import finds it unchanged, staff's form succeeds, and nothing is doubled
    assert (report.ok, report.created, report.unchanged) == (True, 0, 1)
    assert response.status_code == 302
    assert Certification.objects.count() == 1
    assert list(Entry.objects.values_list("points", flat=True)) == [1000]
    again = certification_report(
        email="tim@acme.test", type="sales", earned_on="2025-03-01", expires_on="2027-03-01"
    )
    assert (again.created, again.points) == (False, 0)


def test_staff_recording_another_expiry_is_refused_on_the_field(tim: Person) -> None:
    certification_report(
        email="tim@acme.test", type="sales", earned_on="2025-03-01", expires_on="2027-03-01"
    )
    response = _staff().post(
        "/backoffice/partners/acme/certify/",
        {"person": tim.pk, "type": "sales", "earned_on": "2025-03-01", "expires_on": "2028-03-01"},
    )
    assert response.status_code == 400
    assert "never changed" in response.content.decode()
    assert Certification.objects.get().expires_on == date(2027, 3, 1)


def test_the_csv_import_refuses_a_whole_file_with_one_bad_line(tim: Person) -> None:
    report = _csv("tim@acme.test,,sales,2025-03-01,", "tim@acme.test,,astronaut,2025-03-02,")
    assert not report.ok
    assert [(p.line, p.field) for p in report.problems] == [(3, "type")]
    assert Certification.objects.count() == 0 and Entry.objects.count() == 0


def test_the_person_is_found_only_by_a_verified_address(make_partner: Any) -> None:
    acme = make_partner("acme", status="active")
    tim = Person.objects.create(partner=acme, name="Tim", email="tim@acme.test")
    # An email typed onto a person proves nothing.
    assert person_by_certified_email("tim@acme.test") is None
    verified_account(tim, "Tim.Private@example.test")
    assert person_by_certified_email("tim.private@EXAMPLE.test") == tim
    assert person_by_certified_email("tim@acme.test") is None
    assert person_by_certified_email("") is None


def test_an_unknown_email_records_nothing(tim: Person) -> None:
    reported = certification_report(email="eve@acme.test", type="sales", earned_on="2025-03-01")
    assert reported.person is None and Certification.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"type": "wizard", "earned_on": "2025-03-01"}, "certification"),
        ({"type": "sales", "earned_on": "2025-02-30"}, "earned_on"),
        ({"type": "sales", "earned_on": "2025-03-01", "expires_on": "2024-01-01"}, "expires_on"),
        ({"type": "sales", "earned_on": "2005-03-01"}, "earned_on"),
    ],
)
def test_refusals_name_the_field_and_change_nothing(
    tim: Person, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(CertificationRefused) as refused:
        certification_report(email="tim@acme.test", **kwargs)
    assert refused.value.field == field
    assert Certification.objects.count() == 0 and Entry.objects.count() == 0
