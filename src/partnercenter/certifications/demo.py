"""Demo certifications: Northwind Digital's sales certification expires before the next review.

Builds on `partners/demo.py` (run after it); a second call changes nothing. The demo
partner's only sales certification was recorded without an expiry date; the
certification system now reports it with one (a renewal record, through the webhook's
service), and the open-ended record is revoked from today — certifications are never
edited. Its expiry falls before the next review, so the portal's dashboard warns that
Northwind would drop from Silver, and the scheduler mails the reminders.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from partnercenter.certifications.selectors import next_review
from partnercenter.domain.windows import add_months
from partnercenter.partners.models import Certification, Partner
from partnercenter.partners.services import certification_record, certification_revoke

EXPIRING_SLUG = "northwind-digital"
"""The demo login's partner: Silver, with one sales certification that is about to expire."""


@transaction.atomic
def demo_certifications(*, today: date) -> None:
    """Give the demo partner a sales certification expiring before the next review (once)."""
    partner = Partner.objects.filter(slug=EXPIRING_SLUG).first()
    if partner is None:
        return
    sales = Certification.objects.filter(partner=partner, type="sales").select_related("person")
    if sales.filter(expires_on__isnull=False).exists():
        return  # done before
    lifetime = sales.filter(expires_on__isnull=True, revocation__isnull=True).first()
    if lifetime is None:
        return
    review_on = next_review(today)
    expires = max(today + timedelta(days=1), review_on - timedelta(days=10))
    earned = add_months(expires, -24)
    if earned == lifetime.earned_on:
        earned -= timedelta(days=1)
    # As the certification system would report it (recorded directly: a demo person need
    # not hold a verified address for the webhook to find).
    certification_record(person=lifetime.person, type="sales", earned_on=earned, expires_on=expires)
    staff = get_user_model().objects.filter(is_staff=True).order_by("id").first()
    certification_revoke(
        certification=lifetime,
        on=today,
        reason="Superseded: the certification system reports this certification with its "
        "expiry date.",
        user=staff,
    )
