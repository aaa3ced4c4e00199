"""The portal's contract page: an applicant's admin gets the contract, reads the PDF, signs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.contracts.models import Contract, Signature
from partnercenter.contracts.services import contract_issue, contract_sign
from partnercenter.partners.models import Partner
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world, who).user)
    return client


@pytest.fixture
def applicant(world: World) -> World:
    Partner.objects.filter(pk=world.a.pk).update(status="applicant", plan="now")
    world.a.refresh_from_db()
    return world


def _sign(client: Client, contract: Contract, **overrides: str) -> object:
    data = {
        "full_name": "Ada Lovelace",
        "title": "Managing Director",
        "accepted": "on",
        "document_sha256": contract.sha256,
    }
    data.update(overrides)
    return client.post(f"/portal/contract/{contract.pk}/sign/", data)


def test_admin_opening_the_page_gets_the_contract_and_signs_it(applicant: World) -> None:
    admin = _client(applicant, "a_admin")

    page = admin.get("/portal/contract/")

    contract = Contract.objects.get(partner=applicant.a)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'src="/portal/contract/{contract.pk}/contract.pdf"' in html
    assert f'value="{contract.sha256}"' in html
    assert "I have read and accept" in html
    pdf = admin.get(f"/portal/contract/{contract.pk}/contract.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(contract.document.pdf)
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    # The page embeds the PDF: the site-wide CSP (frame-ancestors 'none') is not sent with
    # it; X-Frame-Options lets only this site frame it.
    assert "Content-Security-Policy" not in pdf
    assert "frame-ancestors 'none'" in admin.get("/portal/contract/")["Content-Security-Policy"]

    response = _sign(admin, contract, HTTP_USER_AGENT="x")
    assert response.status_code == 302

    signature = Signature.objects.get()
    assert signature.ip == "127.0.0.1"
    applicant.a.refresh_from_db()
    assert applicant.a.status == "active"
    after = admin.get("/portal/contract/").content.decode()
    assert signature.signed_document.code in after
    assert "Awaiting 7x" in after
    signed = admin.get(f"/portal/contract/{contract.pk}/signed.pdf?download=1")
    assert signed["Content-Disposition"].startswith("attachment")
    assert signed.content == bytes(signature.signed_document.pdf)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"full_name": ""}, "Type your full name."),
        ({"title": ""}, "Type your title."),
        ({"accepted": ""}, "Check the box"),
        ({"document_sha256": "f" * 64}, "not the current one"),
    ],
)
def test_refused_signatures_show_on_the_form_and_change_nothing(
    applicant: World, change: dict[str, str], message: str
) -> None:
    admin = _client(applicant, "a_admin")
    admin.get("/portal/contract/")
    contract = Contract.objects.get()

    response = _sign(admin, contract, **change)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.count() == 0
    applicant.a.refresh_from_db()
    assert applicant.a.status == "applicant" and applicant.a.contract_signed_on is None


def test_a_member_reads_but_cannot_sign(applicant: World) -> None:
    contract = contract_issue(partner=applicant.a, kind="joining", on=timezone.now().date())
    member = _client(applicant, "a_member")

    page = member.get("/portal/contract/").content.decode()
    refused = _sign(member, contract)

    assert "A partner admin of Acme signs this contract." in page
    assert 'name="full_name"' not in page
    assert refused.status_code == 403
    assert Signature.objects.count() == 0


def test_a_member_opening_the_page_issues_nothing(applicant: World) -> None:
    _client(applicant, "a_member").get("/portal/contract/")
    assert Contract.objects.count() == 0


def test_another_partners_contract_is_not_found(applicant: World) -> None:
    contract = contract_issue(partner=applicant.a, kind="joining", on=timezone.now().date())
    other = _client(applicant, "b_admin")

    assert other.get(f"/portal/contract/{contract.pk}/contract.pdf").status_code == 404
    assert _sign(other, contract).status_code == 404
    assert Signature.objects.count() == 0


def test_renewal_is_offered_near_the_end_and_signed_the_same_way(world: World) -> None:
    today = timezone.now().date()
    ends = today + timedelta(days=30)
    Partner.objects.filter(pk=world.a.pk).update(status="active", plan="now", valid_until=ends)
    admin = _client(world, "a_admin")

    page = admin.get("/portal/contract/").content.decode()
    assert "Renew: accept the current edition" in page

    admin.post("/portal/contract/renew/")
    renewal = Contract.objects.get(kind="renewal")
    assert _sign(admin, renewal).status_code == 302

    world.a.refresh_from_db()
    assert world.a.valid_until > ends + timedelta(days=360)
    assert "Renew: accept" not in admin.get("/portal/contract/").content.decode()


def test_renewal_not_due_is_neither_offered_nor_issued(world: World) -> None:
    Partner.objects.filter(pk=world.a.pk).update(
        status="active", valid_until=timezone.now().date() + timedelta(days=300)
    )
    admin = _client(world, "a_admin")

    assert "Renew: accept" not in admin.get("/portal/contract/").content.decode()
    response = admin.post("/portal/contract/renew/", follow=True)

    assert "Renewal opens" in response.content.decode()
    assert Contract.objects.count() == 0


def test_a_terminated_partner_still_reads_its_signed_contract(applicant: World) -> None:
    contract = contract_issue(partner=applicant.a, kind="joining", on=timezone.now().date())
    signature = contract_sign(
        contract=contract,
        person=applicant.a_admin,
        full_name="Ada",
        title="CEO",
        accepted=True,
        ip="",
        user_agent="",
        shown_sha256=contract.sha256,
    )
    Partner.objects.filter(pk=applicant.a.pk).update(status="terminated")
    admin = _client(applicant, "a_admin")

    page = admin.get("/portal/contract/").content.decode()

    assert "no longer a member" in page
    assert signature.signed_document.code in page
    assert 'name="full_name"' not in page
    pdf = admin.get(f"/portal/contract/{contract.pk}/signed.pdf")
    assert pdf.status_code == 200


def test_a_signed_applicant_without_a_plan_is_told_what_is_next(applicant: World) -> None:
    Partner.objects.filter(pk=applicant.a.pk).update(plan="")
    admin = _client(applicant, "a_admin")
    admin.get("/portal/contract/")
    _sign(admin, Contract.objects.get())

    page = admin.get("/portal/contract/").content.decode()

    applicant.a.refresh_from_db()
    assert applicant.a.status == "applicant"
    assert "To become an active member, choose a plan" in page
    assert "5,000 points" in page
