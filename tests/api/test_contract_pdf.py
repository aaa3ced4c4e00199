"""GET /api/v1/partners/{slug}/contract.pdf: the signed copy if any, else the contract to sign."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from partnercenter.contracts.services import contract_issue, contract_sign

pytestmark = pytest.mark.django_db


def test_no_contract_is_a_404_with_the_usual_body(world: Any, as_: Any) -> None:
    response = as_("acme_admin").get("/partners/acme/contract.pdf")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_contract_to_sign_then_the_signed_copy(world: Any, as_: Any) -> None:
    contract = contract_issue(partner=world.acme, kind="joining", on=timezone.now().date())

    unsigned = as_("acme_member").get("/partners/acme/contract.pdf")
    assert unsigned.status_code == 200 and unsigned["Content-Type"] == "application/pdf"
    assert unsigned.content == bytes(contract.document.pdf)
    assert unsigned["X-Contract-Signed"] == "false"

    signature = contract_sign(
        contract=contract,
        person=world.acme_admin,
        full_name="Ada",
        title="CEO",
        accepted=True,
        ip="",
        user_agent="",
        shown_sha256=contract.sha256,
    )
    for who in ("acme_read", "staff"):
        signed = as_(who).get("/partners/acme/contract.pdf")
        assert signed.status_code == 200, who
        assert signed.content == bytes(signature.signed_document.pdf)
        assert signed["X-Contract-Signed"] == "true"


@pytest.mark.parametrize("who", ["globex_admin", None])
def test_others_learn_nothing(world: Any, as_: Any, who: str | None) -> None:
    contract_issue(partner=world.acme, kind="joining", on=timezone.now().date())
    response = as_(who).get("/partners/acme/contract.pdf")
    assert response.status_code == (404 if who else 401)
