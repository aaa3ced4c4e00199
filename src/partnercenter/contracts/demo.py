"""Demo contracts: the demo login's partner signed and countersigned; a few more await 7x.

Builds on the partners `partners/demo.py` creates; a second run changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from partnercenter.contracts.models import ContractKind
from partnercenter.contracts.services import contract_countersign, contract_issue, contract_sign
from partnercenter.partners.demo import STAFF_EMAIL
from partnercenter.partners.models import Partner, PartnerStatus, Person, Role

DEMO_LOGIN_SLUG = "northwind-digital"
AWAITING_COUNTERSIGNATURE = 2
"""How many other active demo partners have signed contracts waiting for 7x."""


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _sign(partner: Partner, today: date, days_ago: int, *, countersign: bool) -> None:
    if partner.contracts.filter(kind=ContractKind.JOINING, signature__isnull=False).exists():
        return
    admin = Person.objects.filter(partner=partner, role=Role.ADMIN).order_by("id").first()
    if admin is None:
        return
    issued_on = today - timedelta(days=days_ago)
    contract = contract_issue(partner=partner, kind=ContractKind.JOINING, on=issued_on)
    signature = contract_sign(
        contract=contract,
        person=admin,
        full_name=admin.name,
        title="Managing Director",
        accepted=True,
        ip="192.0.2.10",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) demo",
        shown_sha256=contract.sha256,
        now=_at(issued_on + timedelta(days=1), 9),
    )
    staff = get_user_model().objects.filter(username=STAFF_EMAIL).first()
    if countersign and staff is not None:
        contract_countersign(
            signature=signature,
            staff_user=staff,
            full_name=staff.get_full_name() or "Sam Staff",  # type: ignore[attr-defined]
            now=_at(issued_on + timedelta(days=2), 11),
        )


@transaction.atomic
def demo_contracts(*, today: date) -> None:
    """Northwind Digital (the demo login) gets a signed, countersigned joining contract; a couple
    of other active partners have signed ones that wait for 7x's countersignature."""
    northwind = Partner.objects.filter(slug=DEMO_LOGIN_SLUG).first()
    if northwind is not None:
        _sign(northwind, today, 40, countersign=True)
    others = (
        Partner.objects.filter(status=PartnerStatus.ACTIVE, people__role=Role.ADMIN)
        .exclude(slug=DEMO_LOGIN_SLUG)
        .distinct()
        .order_by("name")[:AWAITING_COUNTERSIGNATURE]
    )
    for index, partner in enumerate(others):
        _sign(partner, today, 10 - 3 * index, countersign=False)
