"""Staff see contracts awaiting countersignature and countersign them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.contracts.models import Countersignature, Signature
from partnercenter.contracts.services import contract_issue, contract_sign
from partnercenter.partners.models import Partner
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world: World) -> Signature:
    Partner.objects.filter(pk=world.a.pk).update(status="applicant")
    contract = contract_issue(partner=world.a, kind="joining", on=timezone.now().date())
    return contract_sign(
        contract=contract,
        person=world.a_admin,
        full_name="Ada Lovelace",
        title="CEO",
        accepted=True,
        ip="198.51.100.4",
        user_agent="UA",
        shown_sha256=contract.sha256,
    )


def _staff(world: World) -> Client:
    client = Client()
    client.force_login(world.staff)
    return client


def test_the_queue_lists_signed_contracts_and_staff_countersign(
    world: World, signed: Signature
) -> None:
    staff = _staff(world)

    queue = staff.get("/backoffice/contracts/").content.decode()
    assert "Ada Lovelace" in queue and "Acme" in queue
    partner_page = staff.get("/backoffice/partners/acme/").content.decode()
    assert "Countersign for 7x" in partner_page

    response = staff.post(
        f"/backoffice/contracts/{signed.contract_id}/countersign/",
        {"full_name": "Sam Staff", "next": "/backoffice/partners/acme/"},
    )

    assert response.status_code == 302 and response["Location"] == "/backoffice/partners/acme/"
    counter = Countersignature.objects.get()
    assert counter.signed_document_sha256 == signed.signed_document.sha256
    assert "Nothing to countersign" in staff.get("/backoffice/contracts/").content.decode()
    page = staff.get(f"/backoffice/contracts/{signed.contract_id}/").content.decode()
    assert "Sam Staff" in page and "Countersign for 7x</button>" not in page


def test_countersign_refusals_show_on_the_form(world: World, signed: Signature) -> None:
    staff = _staff(world)
    url = f"/backoffice/contracts/{signed.contract_id}/countersign/"

    blank = staff.post(url, {"full_name": " "})
    assert blank.status_code == 400 and "This field is required" in blank.content.decode()
    staff.post(url, {"full_name": "Sam Staff"})
    twice = staff.post(url, {"full_name": "Sam Again"})

    assert twice.status_code == 400 and "already countersigned" in twice.content.decode()
    assert list(Countersignature.objects.values_list("full_name", flat=True)) == ["Sam Staff"]


def test_partners_cannot_countersign(world: World, signed: Signature) -> None:
    client = Client()
    client.force_login(world.a_admin.user)

    response = client.post(
        f"/backoffice/contracts/{signed.contract_id}/countersign/", {"full_name": "Ada"}
    )

    assert response.status_code == 403
    assert Countersignature.objects.count() == 0
    assert client.get("/backoffice/contracts/").status_code == 403
