"""The level-drop warning: the review's dry run for one partner as of the next review date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnercenter.certifications.selectors import lapsing_certifications, level_warning_for
from partnercenter.partners.services import certification_record, certification_revoke
from tests.certifications.conftest import Silver

pytestmark = pytest.mark.django_db


def _day(d) -> str:  # type: ignore[no-untyped-def]
    return f"{d.day} {d:%B}"


def test_an_expiring_sales_certification_warns_of_the_drop(silver: Silver) -> None:
    # when the warning is computed today
    warning = level_warning_for(silver.partner, silver.today)
    # then it names the review, the level it drops to and the certification
    assert warning is not None
    assert (warning.level, warning.to_level, warning.review_on) == (
        "silver",
        "professional",
        silver.review_on,
    )
    assert warning.sentence == (
        f"If nothing changes, on {_day(silver.review_on)} you will drop to Professional: "
        f"1 sales certification expires on {_day(silver.sales.expires_on)}."
    )


def test_a_renewal_in_time_removes_the_warning(silver: Silver) -> None:
    # given the seller renewed the sales certification (a new one, running past the review)
    certification_record(
        person=silver.seller,
        type="sales",
        earned_on=silver.today - timedelta(days=1),
        expires_on=silver.review_on + timedelta(days=700),
    )
    # then nothing lapses and the level holds
    assert lapsing_certifications(silver.partner, silver.today, silver.review_on) == []
    assert level_warning_for(silver.partner, silver.today) is None


def test_a_second_sales_certification_keeps_the_level(silver: Silver) -> None:
    certification_record(
        person=silver.admin, type="sales", earned_on=silver.today - timedelta(days=3)
    )
    assert level_warning_for(silver.partner, silver.today) is None


def test_a_revocation_before_the_review_is_named(silver: Silver) -> None:
    # given the developer certification revoked from tomorrow, and the sales one renewed
    certification_record(person=silver.seller, type="sales", earned_on=silver.today - timedelta(1))
    dev = silver.partner.certifications.get(type="developer")
    staff = User.objects.create_user("st", "st@7x.test", None, is_staff=True)
    day = silver.today + timedelta(days=1)
    certification_revoke(certification=dev, on=day, reason="Withdrawn", user=staff)
    warning = level_warning_for(silver.partner, silver.today)
    assert warning is not None
    assert warning.reasons == (f"1 profile certification is revoked from {_day(day)}",)


@pytest.mark.parametrize("status", ["applicant", "suspended", "terminated"])
def test_partners_out_of_the_review_get_no_warning(silver: Silver, status: str) -> None:
    silver.partner.status = status
    silver.partner.save()
    assert level_warning_for(silver.partner, silver.today) is None


def test_the_portal_dashboard_shows_the_warning_only_when_the_level_would_drop(
    silver: Silver,
) -> None:
    # given Ada can sign in to the portal
    user = User.objects.create_user("ada@acme.test", "ada@acme.test", "pw")
    silver.admin.user = user
    silver.admin.save()
    client = Client()
    client.force_login(user)
    # when she opens the dashboard
    page = client.get("/portal/").content.decode()
    # then the warning is there, in words
    assert 'data-testid="level-warning"' in page
    assert "you will drop to Professional: 1 sales certification expires on" in page
    # and once the certification is renewed it is gone
    certification_record(
        person=silver.seller, type="sales", earned_on=silver.today - timedelta(days=1)
    )
    assert 'data-testid="level-warning"' not in client.get("/portal/").content.decode()
