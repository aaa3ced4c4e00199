"""Applying, confirming, approving and rejecting: the services and every refusal."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing

from partnercenter.applications import errors
from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.applications.services import (
    application_approve,
    application_confirm,
    application_reject,
    application_submit,
    confirm_token,
)
from partnercenter.notifications.models import Message
from partnercenter.partners.invitations import invite_accept, invite_person
from partnercenter.partners.models import Partner, Person, Role
from tests.applications.conftest import fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """later(delta): from now on the clock (time.time: signatures, the cache) reads delta ahead."""
    real = time.time

    def move(delta: timedelta) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + delta.total_seconds())

    return move


def _state() -> tuple[Any, ...]:
    return (
        list(Application.objects.order_by("pk").values_list("pk", "status", "partner_id")),
        list(Partner.objects.order_by("pk").values_list("pk", "status")),
        Person.objects.count(),
        Message.objects.count(),
    )


def _confirmed(**overrides: Any) -> Application:
    application = application_submit(**fields(**overrides)).application
    assert application is not None
    return application_confirm(token=confirm_token(application)).application


def test_submit_stores_an_unconfirmed_application_and_mails_the_link(edition):
    result = application_submit(**fields(country="de", website="example-web.test"), ip="10.0.0.1")

    a = result.application
    assert a is not None and a.status == ApplicationStatus.UNCONFIRMED
    assert (a.country, a.website, a.edition_id) == (
        "DE",
        "https://example-web.test",
        edition.edition_id,
    )
    assert a.submitted_ip == "10.0.0.1"
    mail = Message.objects.get(kind="application_confirm")
    assert mail.to_email == "erika@example-web.test"
    assert "/apply/confirm/" in mail.body_text


@pytest.mark.parametrize(
    ("override", "error", "field"),
    [
        ({"company": "  "}, errors.InvalidField, "company"),
        ({"company": "x" * 201}, errors.InvalidField, "company"),
        ({"company": "Nul\x00Byte"}, errors.InvalidField, "company"),
        ({"country": "XX"}, errors.UnknownCountry, "country"),
        ({"country": "Germany"}, errors.UnknownCountry, "country"),
        ({"website": "not a url"}, errors.InvalidField, "website"),
        ({"website": "ftp://example.test"}, errors.InvalidField, "website"),
        ({"profile": "plumbing"}, errors.UnknownProfile, "profile"),
        ({"contact_name": ""}, errors.InvalidField, "contact_name"),
        ({"contact_email": "erika@"}, errors.InvalidEmail, "contact_email"),
        ({"contact_email": ""}, errors.InvalidEmail, "contact_email"),
        ({"description": ""}, errors.InvalidField, "description"),
        ({"description": "x" * 2001}, errors.InvalidField, "description"),
        ({"accepts_terms": False}, errors.TermsNotAccepted, "accepts_terms"),
    ],
)
def test_bad_fields_are_refused_by_name_and_nothing_is_stored(edition, override, error, field):
    before = _state()

    with pytest.raises(error) as refused:
        application_submit(**fields(**override), ip="10.0.0.1")

    assert refused.value.field == field
    assert refused.value.message
    assert _state() == before


def test_an_address_that_is_not_an_ip_is_not_stored(edition):
    result = application_submit(**fields(), ip="unknown")

    assert result.application is not None and result.application.submitted_ip is None


def test_honeypot_is_answered_like_a_success_but_nothing_is_kept(edition):
    before = _state()

    result = application_submit(**fields(), ip="10.0.0.1", honeypot="+49 30 123456")

    assert result.discarded
    assert _state() == before


def test_one_address_may_apply_a_few_times_an_hour(edition, settings, later):
    settings.PARTNERCENTER_APPLICATIONS_PER_HOUR = 2
    application_submit(**fields(), ip="10.0.0.1")
    application_submit(**fields(company="Second"), ip="10.0.0.1")
    before = _state()

    with pytest.raises(errors.TooManyApplications) as refused:
        application_submit(**fields(company="Third"), ip="10.0.0.1")

    assert 0 < refused.value.retry_after <= 3600
    assert _state() == before
    # Another address is not affected; and an hour later the first may again.
    application_submit(**fields(company="Elsewhere"), ip="10.0.0.2")
    later(timedelta(hours=1, seconds=5))
    application_submit(**fields(company="Later"), ip="10.0.0.1")


def test_invalid_input_does_not_use_up_the_limit(edition, settings):
    settings.PARTNERCENTER_APPLICATIONS_PER_HOUR = 1
    for _ in range(3):
        with pytest.raises(errors.TermsNotAccepted):
            application_submit(**fields(accepts_terms=False), ip="10.0.0.1")

    assert application_submit(**fields(), ip="10.0.0.1").application is not None


def test_confirming_puts_it_in_the_queue_once(edition):
    a = application_submit(**fields()).application
    assert a is not None
    token = confirm_token(a)

    first = application_confirm(token=token)
    again = application_confirm(token=token)

    assert first.newly and not again.newly
    a.refresh_from_db()
    assert a.status == ApplicationStatus.SUBMITTED and a.confirmed_at is not None


def test_a_confirmation_link_expires(edition, settings, later):
    settings.PARTNERCENTER_APPLICATION_CONFIRM_DAYS = 7
    a = application_submit(**fields()).application
    assert a is not None
    token = confirm_token(a)
    before = _state()

    later(timedelta(days=7, minutes=1))
    with pytest.raises(errors.ConfirmationExpired):
        application_confirm(token=token)

    assert _state() == before
    later(timedelta(days=6, hours=23))
    assert application_confirm(token=token).newly


FORGED = {
    "nonsense": lambda: "nonsense",
    "unknown-application": lambda: signing.dumps(
        {"a": 999, "e": "x@y.test"}, salt="partnercenter.applications.confirm"
    ),
    "bad-id": lambda: signing.dumps({"a": "x"}, salt="partnercenter.applications.confirm"),
    "other-salt": lambda: signing.dumps({"a": 1, "e": "x@y.test"}, salt="another.salt"),
}


# Tokens are made in the test, not at collection: signed tokens carry a timestamp, and
# pytest-xdist needs every worker to collect the same test ids.
@pytest.mark.parametrize("forged", sorted(FORGED))
def test_a_forged_confirmation_link_is_refused(edition, forged):
    token = FORGED[forged]()
    application_submit(**fields())
    before = _state()

    with pytest.raises(errors.InvalidConfirmation):
        application_confirm(token=token)

    assert _state() == before


def test_approve_creates_the_partner_and_invites_its_admin(edition, staff):
    a = _confirmed(student=True, company="Example  Web & Co")

    result = application_approve(application=a, staff=staff)

    partner = result.partner
    assert (partner.status, partner.slug, partner.name) == (
        "applicant",
        "example-web-co",
        "Example Web & Co",
    )
    assert (partner.profile, partner.country, partner.website, partner.student) == (
        "it",
        "DE",
        "https://example-web.test",
        True,
    )
    assert (result.person.email, result.person.role) == ("erika@example-web.test", Role.ADMIN)
    a.refresh_from_db()
    assert (a.status, a.partner, a.decided_by) == (ApplicationStatus.APPROVED, partner, staff)
    mail = Message.objects.get(kind="application_approved")
    assert mail.partner == partner and "Example Web & Co" in mail.body_text
    token = re.search(r"/portal/invite/([^/\s]+)/", mail.body_text).group(1)  # type: ignore[union-attr]
    assert invite_person(token) == result.person
    user = invite_accept(token=token, password="a-long-Passphrase-42")
    assert Person.objects.get(pk=result.person.pk).user == user


def test_the_slug_is_unique(edition, staff, make_partner):
    make_partner("example-web-gmbh", name="Someone Else")

    result = application_approve(application=_confirmed(), staff=staff)

    assert result.partner.slug == "example-web-gmbh-2"


def test_reject_needs_a_reason_and_mails_it(edition, staff):
    a = _confirmed()
    before = _state()
    with pytest.raises(errors.ReasonRequired):
        application_reject(application=a, staff=staff, reason="   ")
    assert _state() == before

    application_reject(application=a, staff=staff, reason="We do not work with resellers.")

    a.refresh_from_db()
    assert (a.status, a.reject_reason) == (
        ApplicationStatus.REJECTED,
        "We do not work with resellers.",
    )
    mail = Message.objects.get(kind="application_rejected")
    assert "We do not work with resellers." in mail.body_text


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_deciding_twice_or_before_confirmation_is_refused(edition, staff, decide):
    def act(a: Application) -> None:
        if decide == "approve":
            application_approve(application=a, staff=staff)
        else:
            application_reject(application=a, staff=staff, reason="No.")

    unconfirmed = application_submit(**fields(company="Fresh", contact_email="a@fresh.test"))
    assert unconfirmed.application is not None
    before = _state()
    with pytest.raises(errors.NotConfirmed):
        act(unconfirmed.application)
    assert _state() == before

    decided = _confirmed()
    act(decided)
    before = _state()
    for again in ("approve", "reject"):
        with pytest.raises(errors.AlreadyDecided):
            if again == "approve":
                application_approve(application=decided, staff=staff)
            else:
                application_reject(application=decided, staff=staff, reason="Again")
    assert _state() == before


def test_a_contact_who_already_signs_in_cannot_be_invited(edition, staff):
    User.objects.create_user(username="erika@example-web.test", password=None)
    a = _confirmed()
    before = _state()

    with pytest.raises(errors.ContactHasAccount):
        application_approve(application=a, staff=staff)

    assert _state() == before


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"company": "acme"}, "Same company name as partner Acme"),
        ({"company": "  A C M E "}, "Same company name as partner Acme"),
        (
            {"contact_email": "x@acme.example"},
            "Same email domain (acme.example) as a person of partner Acme",
        ),
        (
            {"contact_email": "x@acme-site.test"},
            "Same email domain (acme-site.test) as the website of partner Acme",
        ),
        ({"company": "Queued Ltd"}, "Same company name as application #"),
        ({"contact_email": "y@queued.test"}, "Same email domain (queued.test) as application #"),
    ],
)
def test_duplicates_are_flagged_not_merged(edition, make_partner, override, expected):
    acme = make_partner("acme", name="Acme", website="https://www.acme-site.test")
    Person.objects.create(partner=acme, name="Ada", email="ada@acme.example")
    queued = _confirmed(company="Queued Ltd", contact_email="q@queued.test")

    a = _confirmed(**override)

    assert a.duplicate_reason.startswith(expected)
    assert a.pk != queued.pk and Application.objects.count() == 2
    if "partner" in expected:
        assert a.duplicate_of_partner == acme
    else:
        assert a.duplicate_of_application == queued


def test_webmail_domains_and_unrelated_names_are_not_duplicates(edition, make_partner):
    acme = make_partner("acme", name="Acme")
    Person.objects.create(partner=acme, name="Ada", email="ada@gmail.com")

    a = _confirmed(company="Acme Two", contact_email="someone@gmail.com")

    assert a.duplicate_reason == "" and a.duplicate_of_partner is None
