"""The membership lifecycle: activation (and, in later slices, lapse, renewal, termination)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from partnercenter.domain.windows import add_months
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import partner_standing


def points_path_held(partner: Partner, on: date) -> bool:
    """Whether the partner's points in the window reach the edition's points path on `on`."""
    return partner_standing(partner, on).decision.membership == "points_path"


@transaction.atomic
def partner_activate_if_ready(*, partner: Partner, on: date) -> bool:
    """Make an applicant `active` once it has signed the contract and chosen a plan
    (`partner.plan`, set when a subscription starts) or holds the points path.

    Called after signing and after choosing a plan; anything else returns False and
    changes nothing. The membership then runs the edition's `validity_months`.
    """
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status != PartnerStatus.APPLICANT or partner.contract_signed_on is None:
        return False
    if not partner.plan and not points_path_held(partner, on):
        return False
    edition = edition_at(on)
    partner.status = PartnerStatus.ACTIVE
    partner.activated_on = on
    partner.partner_since = partner.partner_since or on
    partner.valid_until = add_months(on, edition.membership.validity_months) - timedelta(days=1)
    partner.save(update_fields=["status", "activated_on", "partner_since", "valid_until"])
    for email in partner_admin_emails(partner):
        message_queue(
            kind="membership_active",
            to=email,
            partner=partner,
            key=f"membership_active:{partner.pk}:{on.isoformat()}:{email}",
            context={"partner": partner, "edition": edition},
        )
    return True


@transaction.atomic
def partner_contract_signed(*, partner: Partner, kind: str, on: date) -> Partner:
    """Record that the partner signed a contract (`kind` "joining" or "renewal") on `on`.

    Joining: the applicant becomes active if it also has a plan or the points path.
    Renewal (accepting the then-current edition's contract): the membership runs another
    `validity_months` from the end of the current one (or from `on` if it already ended);
    a partner that lapsed for want of renewal is active again if it has a plan or holds the
    points path. Calling it again for the same day changes nothing more.
    """
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    first_signature = partner.contract_signed_on is None
    partner.contract_signed_on = on
    partner.save(update_fields=["contract_signed_on"])
    if kind != "renewal" or first_signature and partner.status == PartnerStatus.APPLICANT:
        partner_activate_if_ready(partner=partner, on=on)
        partner.refresh_from_db()
        return partner
    edition = edition_at(on)
    months = edition.membership.validity_months
    start = on
    if partner.valid_until is not None and partner.valid_until >= on:
        start = partner.valid_until + timedelta(days=1)
    new_end = add_months(start, months) - timedelta(days=1)
    # Already renewed (valid a full term from today): signing again adds no second year.
    if partner.valid_until is None or partner.valid_until < add_months(on, months) - timedelta(
        days=1
    ):
        partner.valid_until = new_end
    fields = ["valid_until"]
    if partner.status == PartnerStatus.LAPSED and (partner.plan or points_path_held(partner, on)):
        partner.status = PartnerStatus.ACTIVE
        partner.lapsed_on = None
        partner.status_reason = "Renewed."
        fields += ["status", "lapsed_on", "status_reason"]
    partner.save(update_fields=fields)
    return partner
