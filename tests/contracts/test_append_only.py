"""The database itself refuses to change or remove contracts, signatures and countersignatures."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from partnercenter.contracts.models import Contract, Countersignature, Signature
from partnercenter.contracts.services import contract_countersign, contract_sign
from tests.contracts.conftest import Parties, sign_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def countersigned(parties: Parties, issued: Contract) -> Countersignature:
    signature = contract_sign(**sign_kwargs(issued, parties.admin))
    return contract_countersign(signature=signature, staff_user=parties.staff, full_name="Sam")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE contracts_signature SET full_name = 'Mallory'",
        "UPDATE contracts_signature SET document_sha256 = 'x'",
        "DELETE FROM contracts_signature",
        "UPDATE contracts_contract SET sha256 = 'x'",
        "DELETE FROM contracts_contract",
        "UPDATE contracts_countersignature SET full_name = 'Mallory'",
        "DELETE FROM contracts_countersignature",
    ],
)
def test_database_refuses_update_and_delete(
    countersigned: Countersignature, statement: str
) -> None:
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Signature.objects.get().full_name == "Ada Lovelace"
    assert Countersignature.objects.get().full_name == "Sam"


def test_orm_save_and_delete_are_refused_too(countersigned: Countersignature) -> None:
    signature = Signature.objects.get()
    signature.full_name = "Mallory"
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        signature.save()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Countersignature.objects.all().delete()
    assert Signature.objects.get().full_name == "Ada Lovelace"
    assert Countersignature.objects.exists()
