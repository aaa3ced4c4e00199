"""Emails before a certification expires and before a review that would lower the level."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.certifications.reminders import expiry_reminders_send, level_warnings_send
from partnercenter.membership.scheduler import JOBS, run_job
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Person, Role
from partnercenter.partners.services import certification_record, certification_revoke
from tests.certifications.conftest import Silver

pytestmark = pytest.mark.django_db

TODAY = timezone.now().date()


@pytest.fixture
def team(make_partner: Any) -> tuple[Person, Person]:
    acme = make_partner("acme", status="active")
    admin = Person.objects.create(partner=acme, name="Ada", email="ada@acme.test", role=Role.ADMIN)
    tim = Person.objects.create(partner=acme, name="Tim", email="Tim@Acme.test")
    return admin, tim


def _certify(person: Person, days_left: int, type: str = "sales") -> Any:
    return certification_record(
        person=person,
        type=type,
        earned_on=TODAY - timedelta(days=400),
        expires_on=TODAY + timedelta(days=days_left),
    ).certification


def _mails(kind: str) -> list[tuple[str, str]]:
    return sorted(Message.objects.filter(kind=kind).values_list("to_email", "subject"))


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(60, 60), (45, 60), (14, 14), (3, 14), (1, 14)],
)
def test_the_person_and_the_admins_are_reminded_once_per_threshold(
    team: tuple[Person, Person], days_left: int, threshold: int
) -> None:
    # given Tim's sales certification expiring in `days_left` days
    _, tim = team
    cert = _certify(tim, days_left)
    # when the reminders run twice
    first = expiry_reminders_send(as_of=TODAY)
    again = expiry_reminders_send(as_of=TODAY)
    # then Tim and the admin get one email each, keyed by the threshold
    assert (first, again) == ({"sent": 2}, {"sent": 0})
    plural = "" if days_left == 1 else "s"
    assert _mails("certification_expiry") == [
        ("ada@acme.test", f"Tim's Sales certification expires in {days_left} day{plural}"),
        ("tim@acme.test", f"Your Sales certification expires in {days_left} day{plural}"),
    ]
    keys = set(Message.objects.values_list("key", flat=True))
    assert f"certification_expiry:{cert.pk}:{threshold}:tim@acme.test" in keys


def test_an_admin_certified_themselves_gets_one_email(team: tuple[Person, Person]) -> None:
    admin, _ = team
    _certify(admin, 14)
    assert expiry_reminders_send(as_of=TODAY) == {"sent": 1}
    message = Message.objects.get()
    assert message.subject == "Your Sales certification expires in 14 days"
    assert "counts toward Acme's level" in message.body_text


def test_the_60_day_reminder_and_then_the_14_day_one(team: tuple[Person, Person]) -> None:
    _, tim = team
    _certify(tim, 20)
    assert expiry_reminders_send(as_of=TODAY - timedelta(days=40)) == {"sent": 2}  # 60 days
    assert expiry_reminders_send(as_of=TODAY) == {"sent": 0}  # 20 days: still the 60's
    assert expiry_reminders_send(as_of=TODAY + timedelta(days=6)) == {"sent": 2}  # 14 days
    assert Message.objects.count() == 4


@pytest.mark.parametrize("days_left", [61, 0, -3])
def test_nothing_outside_the_reminder_days(team: tuple[Person, Person], days_left: int) -> None:
    _, tim = team
    certification_record(
        person=tim,
        type="sales",
        earned_on=TODAY - timedelta(days=400),
        expires_on=TODAY + timedelta(days=days_left),
    )
    assert expiry_reminders_send(as_of=TODAY) == {"sent": 0}


def test_renewed_revoked_or_out_of_program_certifications_are_not_reminded(
    team: tuple[Person, Person],
) -> None:
    admin, tim = team
    _certify(tim, 10)
    certification_record(  # renewed: a later sales certification running longer
        person=tim,
        type="sales",
        earned_on=TODAY - timedelta(days=2),
        expires_on=TODAY + timedelta(700),
    )
    revoked = _certify(admin, 10, type="developer")
    staff = User.objects.create_user("st", "st@7x.test", None, is_staff=True)
    certification_revoke(certification=revoked, on=TODAY, reason="Withdrawn", user=staff)
    assert expiry_reminders_send(as_of=TODAY) == {"sent": 0}
    _certify(tim, 10, type="wcms")
    admin.partner.status = "terminated"
    admin.partner.save()
    assert expiry_reminders_send(as_of=TODAY) == {"sent": 0}


def test_level_warning_goes_to_the_admins_once_per_review(silver: Silver) -> None:
    # given Acme (Silver) whose sales certification expires before the next review,
    # and a day within the edition's 14 days before it
    day = silver.review_on - timedelta(days=2)
    # when the scheduler's job runs twice that day and again the next day
    first = level_warnings_send(as_of=day)
    again = level_warnings_send(as_of=day)
    later = level_warnings_send(as_of=day + timedelta(days=1))
    # then the admin is mailed once, with the sentence of the dashboard
    assert first == {"checked": 1, "warned": 1, "sent": 1}
    assert again["sent"] == 0 and later["sent"] == 0
    message = Message.objects.get(kind="level_warning")
    assert message.to_email == "ada@acme.test"
    assert message.subject.startswith("Acme will drop to Professional on")
    # (the certification may already have expired by the day the email goes out)
    assert re.search(
        r"you will drop to Professional: 1 sales certification expire[sd] on", message.body_text
    )
    assert message.key == f"level_warning:{silver.partner.pk}:{silver.review_on}:ada@acme.test"


def test_no_level_warning_earlier_than_the_edition_says(silver: Silver) -> None:
    day = silver.review_on - timedelta(days=15)
    assert level_warnings_send(as_of=day) == {"checked": 0, "warned": 0, "sent": 0}
    assert not Message.objects.filter(kind="level_warning").exists()


def test_partners_that_hold_their_level_are_not_warned(silver: Silver) -> None:
    certification_record(
        person=silver.admin, type="sales", earned_on=silver.today - timedelta(days=1)
    )
    day = silver.review_on - timedelta(days=2)
    assert level_warnings_send(as_of=day)["sent"] == 0


def test_the_scheduler_runs_both_jobs_once_a_day(silver: Silver) -> None:
    # given the two jobs in the scheduler's registry
    jobs = {job.name: job for job in JOBS}
    assert jobs["certification_expiry_reminders"].cadence == "daily"
    assert jobs["level_warnings"].cadence == "daily"
    day = silver.review_on - timedelta(days=2)
    now = datetime.combine(day, time(6), tzinfo=UTC)
    # when each runs twice on the same day
    runs = [run_job(jobs[name], day, now) for name in ("level_warnings",) * 2]
    # then the second run does nothing
    assert runs[0]["status"] == "done" and runs[0]["result"]["sent"] == 1
    assert runs[1]["status"] == "already_done"
    expiry = run_job(jobs["certification_expiry_reminders"], day, now)
    assert expiry["status"] == "done"
    assert Message.objects.filter(kind="certification_expiry").count() == expiry["result"]["sent"]


def test_the_sentence_dates_are_words(silver: Silver) -> None:
    level_warnings_send(as_of=silver.review_on - timedelta(days=1))
    body = Message.objects.get(kind="level_warning").body_text
    assert f"{silver.review_on:%B}" in body and date.today().isoformat() not in body
