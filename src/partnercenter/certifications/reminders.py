"""Emails about what runs out: a certification's expiry, and a review that would lower the level.

Both are keyed so the scheduler can run twice (or catch up after a day down) and each
reason is mailed once: expiry reminders per certification, threshold and address;
level warnings per partner, review date and address.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max, Min

from partnercenter.certifications.selectors import (
    REVIEWED,
    expiring_certifications,
    level_warning_for,
    next_review,
)
from partnercenter.domain.fast import Evaluator
from partnercenter.domain.membership import reminder_due
from partnercenter.membership.notify import admins_notify
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.models import Message
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import chunk_facts


def expiry_reminders_send(*, as_of: date) -> dict[str, int]:
    """Remind the certified person and the partner admins before a certification expires.

    On the edition's `expiry_reminder_days` (60 and 14): the latest threshold reached is
    due, once per certification, threshold and address (a day missed is caught up once).
    """
    edition = edition_at(as_of)
    days = edition.certification_policy.expiry_reminder_days
    sent = 0
    for cert in expiring_certifications(as_of, max(days, default=0)):
        assert cert.expires_on is not None
        due = reminder_due(cert.expires_on, days, as_of)
        if due is None:
            continue
        name = (
            edition.certification(cert.type).name
            if cert.type in {c.code for c in edition.certifications}
            else cert.type
        )
        addresses = [cert.person.email, *partner_admin_emails(cert.partner)]
        for email in dict.fromkeys(a.lower() for a in addresses if a):
            key = f"certification_expiry:{cert.pk}:{due}:{email}"
            if Message.objects.filter(key=key).exists():
                continue
            with transaction.atomic():
                message_queue(
                    kind="certification_expiry",
                    to=email,
                    partner=cert.partner,
                    key=key,
                    context={
                        "certification": cert,
                        "name": name,
                        "person": cert.person,
                        "partner": cert.partner,
                        "days_left": (cert.expires_on - as_of).days,
                        "to_person": email == cert.person.email.lower(),
                    },
                )
            sent += 1
    return {"sent": sent}


def _dropping(review_on: date, chunk: int = 20000) -> list[int]:
    """Partners whose review on `review_on` would lower the level of their latest review.

    The review's own dry run (rollups, the fast evaluator), so the daily check costs what
    a review costs and the detailed words are computed only for the partners that drop.
    """
    edition = edition_at(review_on)
    evaluator = Evaluator(edition)
    ranks = {lv.code: lv.rank for lv in edition.levels}
    bounds = Partner.objects.filter(status__in=REVIEWED).aggregate(lo=Min("id"), hi=Max("id"))
    out: list[int] = []
    if bounds["lo"] is None:
        return out
    for lo in range(bounds["lo"], bounds["hi"] + 1, chunk):
        for row, facts in chunk_facts(review_on, edition, lo, lo + chunk):
            current = row[6]
            if current not in ranks:
                continue
            level = evaluator.decide(facts).level
            if ranks.get(level or "", -1) < ranks[current]:
                out.append(row[0])
    return out


def level_warnings_send(*, as_of: date) -> dict[str, int]:
    """Warn partner admins `level_warning_days` before a review that would lower the level.

    Once per partner and review date (a day missed is caught up while the review is
    still ahead); the email says what drops and why, as the portal's dashboard does.
    """
    review_on = next_review(as_of)
    days = edition_at(as_of).certification_policy.level_warning_days
    if (review_on - as_of).days > days:
        return {"checked": 0, "warned": 0, "sent": 0}
    ids = _dropping(review_on)
    warned = sent = 0
    for partner in Partner.objects.filter(pk__in=ids).order_by("id"):
        warning = level_warning_for(partner, as_of)
        if warning is None:
            continue
        warned += 1
        with transaction.atomic():
            sent += admins_notify(
                partner=partner,
                kind="level_warning",
                reason=review_on.isoformat(),
                context={"warning": warning},
            )
    return {"checked": len(ids), "warned": warned, "sent": sent}
