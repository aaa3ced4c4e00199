"""Two partner admins signing the same contract at the same moment: one signature, one refusal."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from partnercenter.contracts.errors import AlreadySigned
from partnercenter.contracts.models import Signature
from partnercenter.contracts.services import contract_issue, contract_sign
from partnercenter.partners.models import Role
from partnercenter.programs.services import edition_load
from tests.conftest import SHIPPED_EDITION
from tests.contracts.conftest import sign_kwargs
from tests.submissions.factories import make_person


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_signatures_sign_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite again on PostgreSQL)")
    from partnercenter.partners.services import partner_create

    edition_load(path=SHIPPED_EDITION)
    acme = partner_create(name="Acme", slug="acme", profile="it", status="applicant")
    admins = [
        make_person(acme, f"admin{i}@acme.example", Role.ADMIN, login=False) for i in range(2)
    ]
    contract = contract_issue(partner=acme, kind="joining", on=timezone.now().date())
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def sign(index: int) -> None:
        try:
            barrier.wait()
            outcomes.append(contract_sign(**sign_kwargs(contract, admins[index])))
        except AlreadySigned as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadySigned", "Signature"]
    assert Signature.objects.count() == 1
