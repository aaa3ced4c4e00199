"""Applicant → active: a signed contract and a plan (or the points path); renewal extends validity."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.membership.services import partner_activate_if_ready, partner_contract_signed
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner, PartnerStatus, Person, Role

DAY = date(2026, 3, 10)


@pytest.fixture
def applicant(make_partner: Any) -> Partner:
    partner = make_partner("newco", status="applicant", partner_since=None)
    Person.objects.create(partner=partner, name="Ada", email="ada@newco.example", role=Role.ADMIN)
    return partner


def test_signed_contract_without_plan_or_points_keeps_the_applicant_waiting(
    applicant: Partner,
) -> None:
    partner = partner_contract_signed(partner=applicant, kind="joining", on=DAY)
    assert partner.status == PartnerStatus.APPLICANT
    assert partner.contract_signed_on == DAY
    assert partner.valid_until is None
    assert not Message.objects.exists()


def test_plan_without_contract_is_not_enough(applicant: Partner) -> None:
    Partner.objects.filter(pk=applicant.pk).update(plan="now")
    applicant.refresh_from_db()
    assert partner_activate_if_ready(partner=applicant, on=DAY) is False
    applicant.refresh_from_db()
    assert applicant.status == PartnerStatus.APPLICANT


def test_contract_and_plan_make_an_active_member_for_a_year(applicant: Partner) -> None:
    Partner.objects.filter(pk=applicant.pk).update(plan="now")
    partner = partner_contract_signed(partner=applicant, kind="joining", on=DAY)
    assert partner.status == PartnerStatus.ACTIVE
    assert partner.activated_on == DAY
    assert partner.partner_since == DAY
    assert partner.valid_until == date(2027, 3, 9)
    message = Message.objects.get()
    assert message.to_email == "ada@newco.example"
    assert "active member" in message.body_text
    # Activating again changes nothing and mails nothing.
    assert partner_activate_if_ready(partner=partner, on=DAY) is False
    assert Message.objects.count() == 1


def test_points_path_alone_activates_after_signing(applicant: Partner) -> None:
    entry_post(
        partner=applicant,
        activity="kick_off_package",
        occurred_at=datetime(2026, 2, 1, 12, tzinfo=UTC),
        source=Source.SYSTEM,
        reason="Kick-Off Package",
        idempotency_key="test:kop",
    )
    partner = partner_contract_signed(partner=applicant, kind="joining", on=DAY)
    assert partner.status == PartnerStatus.ACTIVE


@pytest.mark.parametrize(
    ("valid_until", "signed_on", "expected"),
    [
        (date(2026, 4, 30), date(2026, 3, 20), date(2027, 4, 30)),  # early: from the old end
        (date(2026, 2, 28), date(2026, 3, 20), date(2027, 3, 19)),  # late: from signing
    ],
)
def test_renewal_extends_validity_once(
    make_partner: Any, valid_until: date, signed_on: date, expected: date
) -> None:
    partner = make_partner("renew", plan="now")
    Partner.objects.filter(pk=partner.pk).update(valid_until=valid_until, contract_signed_on=DAY)
    partner.refresh_from_db()
    renewed = partner_contract_signed(partner=partner, kind="renewal", on=signed_on)
    assert renewed.valid_until == expected
    again = partner_contract_signed(partner=renewed, kind="renewal", on=signed_on)
    assert again.valid_until == expected


def test_renewal_brings_a_lapsed_partner_with_a_plan_back(make_partner: Any) -> None:
    partner = make_partner("back", plan="now", status="lapsed")
    Partner.objects.filter(pk=partner.pk).update(
        valid_until=date(2026, 1, 31), lapsed_on=date(2026, 2, 1), contract_signed_on=DAY
    )
    partner.refresh_from_db()
    renewed = partner_contract_signed(partner=partner, kind="renewal", on=date(2026, 3, 1))
    assert renewed.status == PartnerStatus.ACTIVE
    assert renewed.lapsed_on is None
    assert renewed.valid_until == date(2027, 2, 28)
