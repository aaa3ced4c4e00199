"""The back office's applications: the queue, duplicates flagged, approve and reject."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.partners.models import Partner
from tests.applications.conftest import fields
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def _apply(confirm: bool = True, **overrides: Any) -> Application:
    application = application_submit(**fields(**overrides)).application
    assert application is not None
    if confirm:
        application = application_confirm(token=confirm_token(application)).application
    return application


@pytest.fixture
def staff(world: World) -> Client:
    client = Client()
    client.force_login(world.staff)
    return client


def test_the_queue_shows_confirmed_applications_oldest_first_with_duplicates(
    world: World, staff: Client
) -> None:
    first = _apply(company="First Co", contact_email="f@first.test")
    dup = _apply(company="Acme", contact_email="x@acme.example")
    _apply(confirm=False, company="Hidden Co", contact_email="h@hidden.test")

    html = staff.get("/backoffice/applications/").content.decode()

    assert html.index("First Co") < html.index(f"#{dup.pk}")
    assert "Hidden Co" not in html
    assert "possible duplicate" in html and "Same company name as partner Acme" in html
    assert 'aria-current="page">Applications' in html
    assert first.pk


def test_the_status_filter(world: World, staff: Client) -> None:
    a = _apply()
    a.status = ApplicationStatus.REJECTED
    a.save()

    assert "Example Web GmbH" not in staff.get("/backoffice/applications/").content.decode()
    rejected = staff.get("/backoffice/applications/?status=rejected").content.decode()
    assert "Example Web GmbH" in rejected
    assert "Example Web GmbH" in staff.get("/backoffice/applications/?status=all").content.decode()


def test_an_unconfirmed_application_has_no_page(world: World, staff: Client) -> None:
    hidden = _apply(confirm=False)

    assert staff.get(f"/backoffice/applications/{hidden.pk}/").status_code == 404
    assert staff.post(f"/backoffice/applications/{hidden.pk}/approve/").status_code == 404


def test_approve_shows_the_new_partners_link(world: World, staff: Client) -> None:
    a = _apply()

    response = staff.post(f"/backoffice/applications/{a.pk}/approve/", follow=True)

    html = response.content.decode()
    assert 'href="/backoffice/partners/example-web-gmbh/"' in html
    assert "was invited as partner admin" in html
    assert Partner.objects.get(slug="example-web-gmbh").status == "applicant"
    again = staff.post(f"/backoffice/applications/{a.pk}/approve/")
    assert again.status_code == 409 and "already approved" in again.content.decode()
    assert Partner.objects.filter(slug__startswith="example-web").count() == 1


def test_reject_needs_a_reason(world: World, staff: Client) -> None:
    a = _apply()

    empty = staff.post(f"/backoffice/applications/{a.pk}/reject/", {"reason": ""})

    assert empty.status_code == 400 and "Say why" in empty.content.decode()
    a.refresh_from_db()
    assert a.status == ApplicationStatus.SUBMITTED
    done = staff.post(f"/backoffice/applications/{a.pk}/reject/", {"reason": "Not a fit."})
    assert done.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.reject_reason) == (ApplicationStatus.REJECTED, "Not a fit.")
