"""Issuing, signing and countersigning contracts, and every refusal (which changes nothing)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.audit.models import AuditEvent
from partnercenter.contracts import errors
from partnercenter.contracts.models import Contract, Countersignature, Signature
from partnercenter.contracts.services import contract_countersign, contract_issue, contract_sign
from partnercenter.documents.models import Document, DocumentKind
from partnercenter.domain.windows import add_months
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.contracts.conftest import Parties, sign_kwargs

pytestmark = pytest.mark.django_db


def state(partner: Partner) -> tuple[Any, ...]:
    """Everything a refused action must leave as it was."""
    partner.refresh_from_db()
    return (
        Contract.objects.count(),
        Signature.objects.count(),
        Countersignature.objects.count(),
        Document.objects.count(),
        Message.objects.count(),
        partner.status,
        partner.contract_signed_on,
        partner.valid_until,
    )


def test_issue_renders_the_edition_contract_once_and_tells_the_admins(parties: Parties) -> None:
    today = timezone.now().date()
    contract = contract_issue(partner=parties.acme, kind="joining", on=today)
    pdf = bytes(contract.document.pdf)
    assert pdf.startswith(b"%PDF")
    assert contract.sha256 == hashlib.sha256(pdf).hexdigest() == contract.document.sha256
    assert contract.document.kind == DocumentKind.CONTRACT
    assert contract.edition_id == "2025-01-01"
    assert contract.details["name"] == "Acme Web Studio"
    assert contract.details["country_name"] == "Germany"
    assert contract.details["contact_email"] == "ada@acme.example"
    mails = list(Message.objects.filter(kind="contract_ready"))
    assert [m.to_email for m in mails] == ["ada@acme.example"]
    assert "ready to sign" in mails[0].subject

    again = contract_issue(partner=parties.acme, kind="joining", on=today)

    assert again.pk == contract.pk
    assert Contract.objects.count() == 1 and Message.objects.count() == 1


def test_sign_records_everything_and_stores_a_signed_copy(
    parties: Parties, issued: Contract
) -> None:
    signature = contract_sign(**sign_kwargs(issued, parties.admin, full_name="  Ada   Lovelace "))

    assert signature.full_name == "Ada Lovelace"
    assert signature.title == "Managing Director"
    assert signature.ip == "203.0.113.7"
    assert signature.user_agent == "Mozilla/5.0 (test)"
    assert signature.document_sha256 == issued.sha256
    signed = signature.signed_document
    assert signed.kind == DocumentKind.SIGNED_CONTRACT
    assert bytes(signed.pdf).startswith(b"%PDF") and signed.code != issued.document.code
    parties.acme.refresh_from_db()
    assert parties.acme.contract_signed_on == signature.signed_at.date()
    # No plan and no points path yet: still an applicant.
    assert parties.acme.status == "applicant"
    mail = Message.objects.get(kind="contract_signed")
    assert signed.code in mail.body_text and mail.to_email == "ada@acme.example"


def test_signing_with_a_plan_makes_the_applicant_active(parties: Parties, issued: Contract) -> None:
    Partner.objects.filter(pk=parties.acme.pk).update(plan="now")
    today = timezone.now().date()

    contract_sign(**sign_kwargs(issued, parties.admin))

    parties.acme.refresh_from_db()
    assert parties.acme.status == "active"
    assert parties.acme.activated_on == today
    assert parties.acme.valid_until == add_months(today, 12) - timedelta(days=1)


def test_renewal_extends_the_validity_by_the_edition_term(parties: Parties) -> None:
    today = timezone.now().date()
    ends = today + timedelta(days=20)
    Partner.objects.filter(pk=parties.acme.pk).update(
        status="active", plan="now", valid_until=ends, activated_on=today - timedelta(days=345)
    )
    renewal = contract_issue(partner=parties.acme, kind="renewal", on=today)
    assert renewal.kind == "renewal"

    contract_sign(**sign_kwargs(renewal, parties.admin))

    parties.acme.refresh_from_db()
    assert parties.acme.valid_until == add_months(ends + timedelta(days=1), 12) - timedelta(days=1)


def test_countersign_references_the_signed_copy(parties: Parties, issued: Contract) -> None:
    signature = contract_sign(**sign_kwargs(issued, parties.admin))

    counter = contract_countersign(
        signature=signature, staff_user=parties.staff, full_name="Sam Staff"
    )

    assert counter.signed_document_sha256 == signature.signed_document.sha256
    assert counter.staff_user == parties.staff
    assert Message.objects.filter(kind="contract_countersigned").count() == 1
    event = AuditEvent.objects.get(action="contract.countersign")
    assert (event.actor_id, event.target_id) == (parties.staff.pk, parties.acme.slug)


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"full_name": "  "}, errors.SignatureIncomplete, "full_name"),
        ({"title": ""}, errors.SignatureIncomplete, "title"),
        ({"full_name": "A" * 201}, errors.SignatureIncomplete, "full_name"),
        ({"accepted": False}, errors.SignatureIncomplete, "accepted"),
        ({"shown_sha256": "0" * 64}, errors.DocumentChanged, "document_sha256"),
        ({"shown_sha256": ""}, errors.DocumentChanged, "document_sha256"),
    ],
)
def test_incomplete_or_mismatched_signatures_are_refused_on_the_field(
    parties: Parties, issued: Contract, change: dict[str, Any], error: type, field: str
) -> None:
    before = state(parties.acme)

    with pytest.raises(error) as refused:
        contract_sign(**sign_kwargs(issued, parties.admin, **change))

    assert refused.value.field == field
    assert state(parties.acme) == before


@pytest.mark.parametrize("who", ["member", "other_admin"])
def test_only_the_partners_admin_signs(parties: Parties, issued: Contract, who: str) -> None:
    before = state(parties.acme)

    with pytest.raises(errors.NotPartnerAdmin):
        contract_sign(**sign_kwargs(issued, getattr(parties, who)))

    assert state(parties.acme) == before


def test_signing_twice_is_refused_by_name(parties: Parties, issued: Contract) -> None:
    contract_sign(**sign_kwargs(issued, parties.admin))
    before = state(parties.acme)

    with pytest.raises(errors.AlreadySigned):
        contract_sign(**sign_kwargs(issued, parties.admin, full_name="Someone Else"))

    assert state(parties.acme) == before
    assert Signature.objects.get().full_name == "Ada Lovelace"


def test_a_signed_joining_contract_is_not_issued_again(parties: Parties, issued: Contract) -> None:
    contract_sign(**sign_kwargs(issued, parties.admin))
    before = state(parties.acme)

    with pytest.raises(errors.AlreadySigned):
        contract_issue(partner=parties.acme, kind="joining", on=timezone.now().date())

    assert state(parties.acme) == before


def test_terminated_partners_neither_sign_nor_get_contracts(
    parties: Parties, issued: Contract
) -> None:
    Partner.objects.filter(pk=parties.acme.pk).update(status="terminated")
    before = state(parties.acme)

    with pytest.raises(errors.NotSignable):
        contract_sign(**sign_kwargs(issued, parties.admin))
    with pytest.raises(errors.NotSignable):
        contract_issue(partner=parties.acme, kind="renewal", on=timezone.now().date())

    assert state(parties.acme) == before


def test_renewal_is_refused_until_it_is_due(parties: Parties) -> None:
    today = timezone.now().date()
    Partner.objects.filter(pk=parties.acme.pk).update(
        status="active", valid_until=today + timedelta(days=200)
    )
    before = state(parties.acme)

    with pytest.raises(errors.RenewalNotDue):
        contract_issue(partner=parties.acme, kind="renewal", on=today)
    with pytest.raises(errors.ContractError) as unknown:
        contract_issue(partner=parties.acme, kind="forever", on=today)

    assert unknown.value.field == "kind"
    assert state(parties.acme) == before


def test_countersign_refusals_change_nothing(parties: Parties, issued: Contract) -> None:
    signature = contract_sign(**sign_kwargs(issued, parties.admin))
    partner_user = User.objects.create_user(username="p@acme.example")
    before = state(parties.acme)

    with pytest.raises(errors.NotStaff):
        contract_countersign(signature=signature, staff_user=partner_user, full_name="P")
    with pytest.raises(errors.SignatureIncomplete) as blank:
        contract_countersign(signature=signature, staff_user=parties.staff, full_name=" ")
    assert blank.value.field == "full_name"
    assert state(parties.acme) == before

    contract_countersign(signature=signature, staff_user=parties.staff, full_name="Sam Staff")
    with pytest.raises(errors.AlreadyCountersigned):
        contract_countersign(signature=signature, staff_user=parties.staff, full_name="Sam")
    assert Countersignature.objects.get().full_name == "Sam Staff"


def test_no_template_in_the_edition_is_a_named_refusal(parties: Parties) -> None:
    from partnercenter.programs.models import ProgramEdition

    ProgramEdition.objects.update(contract_template="")
    before = state(parties.acme)

    with pytest.raises(errors.NoContractTemplate):
        contract_issue(partner=parties.acme, kind="joining", on=timezone.now().date())

    assert state(parties.acme) == before


def test_changed_details_supersede_the_unsigned_contract(
    parties: Parties, issued: Contract
) -> None:
    Partner.objects.filter(pk=parties.acme.pk).update(name="Acme Web Studio GmbH")
    parties.acme.refresh_from_db()

    fresh = contract_issue(partner=parties.acme, kind="joining", on=timezone.now().date())

    assert fresh.pk != issued.pk and fresh.details["name"] == "Acme Web Studio GmbH"
    before = state(parties.acme)
    with pytest.raises(errors.DocumentChanged):
        contract_sign(**sign_kwargs(issued, parties.admin))
    assert state(parties.acme) == before
    contract_sign(**sign_kwargs(fresh, parties.admin))
