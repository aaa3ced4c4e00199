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
