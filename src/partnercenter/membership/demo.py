"""Demo membership: validity for the demo partners, one under notice, one lapsed, a few emails.

Builds on `partners/demo.py` (run after it); a second call changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from partnercenter.billing.models import PaymentSource
from partnercenter.billing.services import payment_record, plan_choose
from partnercenter.domain.windows import add_months
from partnercenter.membership.notify import admins_notify
from partnercenter.membership.selectors import review_coverage
from partnercenter.membership.services import notice_give
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at

UNDER_NOTICE_SLUG = "baltic-systems"
"""A Professional partner that gave notice ten days ago."""
LAPSED_SLUG = "harbor-cloud"
"""A student partner with neither a plan nor the points path: lapsed."""
WELCOMED_SLUG = "northwind-digital"
"""The demo login's partner: its welcome email is in the message history."""


def validity_from_anniversaries(since: date, today: date, months: int) -> date:
    """The end of the current membership term: the day before the first anniversary of
    `since` (every `months`) that is after `today`."""
    k = 1
    while add_months(since, months * k) - timedelta(days=1) < today:
        k += 1
    return add_months(since, months * k) - timedelta(days=1)


def _pay_the_program_fee(partner: Partner, plan: str, today: date) -> None:
    """Subscribe to the program-fee plan a month ago and pay its invoice, as a member would."""
    chosen = plan_choose(partner=partner, plan=plan, on=today - timedelta(days=30))
    if chosen.invoice is not None:
        payment_record(
            invoice=chosen.invoice,
            amount_cents=chosen.invoice.total_cents,
            paid_on=today - timedelta(days=25),
            reference=f"DEMO-BANK-{chosen.invoice.number}",
            source=PaymentSource.STAFF,
        )


@transaction.atomic
def demo_membership(*, today: date) -> None:
    """Fill validity and activation of the active demo partners; members below the points path
    get the Now plan (so the scheduler does not lapse the whole demo); one partner under notice,
    one lapsed; a few messages in the outbox. Idempotent."""
    edition = edition_at(today)
    months = edition.membership.validity_months
    active = list(Partner.objects.filter(status=PartnerStatus.ACTIVE).order_by("pk"))
    coverage = review_coverage([p.pk for p in active], today, edition)
    for partner in active:
        since = partner.partner_since or today
        fields = []
        if partner.activated_on is None:
            partner.activated_on = since
            fields.append("activated_on")
        if partner.valid_until is None:
            partner.valid_until = validity_from_anniversaries(since, today, months)
            fields.append("valid_until")
        if fields:
            partner.save(update_fields=fields)
        holds_points_path = coverage[partner.pk][1]
        if not partner.plan and not holds_points_path and partner.slug != LAPSED_SLUG:
            _pay_the_program_fee(partner, edition.membership.program_fee_plan, today)

    lapsed = Partner.objects.filter(slug=LAPSED_SLUG, status=PartnerStatus.ACTIVE).first()
    if lapsed is not None:
        lapsed.status = PartnerStatus.LAPSED
        lapsed.lapsed_on = today - timedelta(days=20)
        lapsed.status_reason = (
            "Neither a paid plan nor the points path for longer than the grace period."
        )
        lapsed.save(update_fields=["status", "lapsed_on", "status_reason"])
        admins_notify(
            partner=lapsed,
            kind="membership_lapsed",
            reason=lapsed.lapsed_on.isoformat(),
            context={"reason": lapsed.status_reason, "expired": False, "edition": edition},
        )

    noticed = Partner.objects.filter(
        slug=UNDER_NOTICE_SLUG, status=PartnerStatus.ACTIVE, ends_on__isnull=True
    ).first()
    if noticed is not None:
        notice_give(
            partner=noticed,
            by="partner",
            on=today - timedelta(days=10),
            reason="We are moving our hosting business to another vendor.",
        )

    welcomed = Partner.objects.filter(slug=WELCOMED_SLUG).first()
    if welcomed is not None:
        admins_notify(
            partner=welcomed,
            kind="membership_active",
            reason="demo",
            context={"edition": edition},
        )
