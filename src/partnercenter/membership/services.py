"""The membership lifecycle: activation, renewal contract, lapse and return, renewal reminders,
notice. Termination and logo deadlines are in `termination.py` (re-exported here).

Every scheduled service is idempotent per day: states move once, and each email has a
key naming its reason, so running a day twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from partnercenter.domain.membership import (
    lapse_day,
    notice_end,
    regains,
    renewal_reminder_due,
)
from partnercenter.domain.windows import add_months
from partnercenter.membership.errors import (
    NoNotice,
    NotActive,
    NoticeAlreadyGiven,
    UnknownSide,
)
from partnercenter.membership.notify import admins_notify
from partnercenter.membership.selectors import (
    membership_facts,
    partner_admin_emails,
    review_coverage,
)
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


def memberships_lapse(*, as_of: date) -> dict[str, int]:
    """Lapse active partners whose membership ran out, and bring back lapsed ones that regained it.

    Active → lapsed when neither a paid plan nor the points path held for longer than
    `grace_days`, or `valid_until` passed without renewal (`lapsed_on`, a reason, an email).
    Lapsed → active when a paid plan or the points path (latest review) holds again within
    validity. Only candidates are read: partners without a paid plan today or out of validity.
    """
    edition = edition_at(as_of)
    uncovered = (Q(plan="") | Q(plan_paid_until__isnull=True) | Q(plan_paid_until__lt=as_of)) | Q(
        valid_until__lt=as_of
    )
    counts = {"lapsed": 0, "restored": 0}
    candidates = list(
        Partner.objects.filter(
            Q(status=PartnerStatus.ACTIVE) & uncovered | Q(status=PartnerStatus.LAPSED)
        ).only(*_FACT_FIELDS)
    )
    coverage = review_coverage([p.pk for p in candidates], as_of, edition)
    for partner in candidates:
        facts = membership_facts(partner, as_of, edition, coverage=coverage[partner.pk])
        if partner.status == PartnerStatus.ACTIVE:
            day = lapse_day(facts, edition)
            if day is not None and day <= as_of:
                counts["lapsed"] += _lapse(partner, day, facts.valid_until, as_of)
        elif regains(facts):
            counts["restored"] += _restore(
                partner, as_of, "paid plan" if facts.paid_plan else "points path"
            )
    return counts


_FACT_FIELDS = (
    "id", "name", "slug", "status", "plan", "plan_paid_until", "activated_on", "partner_since",
    "valid_until", "notice_given_on", "ends_on", "terminated_on", "lapsed_on",
)  # fmt: skip


@transaction.atomic
def _lapse(partner: Partner, day: date, valid_until: date | None, as_of: date) -> int:
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.ACTIVE:
        return 0
    expired = (
        valid_until is not None and valid_until < as_of and day == valid_until + timedelta(days=1)
    )
    reason = (
        f"Not renewed by {valid_until:%d %B %Y}."
        if expired and valid_until
        else "Neither a paid plan nor the points path for longer than the grace period."
    )
    locked.status = PartnerStatus.LAPSED
    locked.lapsed_on = day
    locked.status_reason = reason
    locked.save(update_fields=["status", "lapsed_on", "status_reason"])
    admins_notify(
        partner=locked,
        kind="membership_lapsed",
        reason=day.isoformat(),
        context={"reason": reason, "expired": expired, "edition": edition_at(as_of)},
    )
    return 1


@transaction.atomic
def _restore(partner: Partner, as_of: date, how: str) -> int:
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.LAPSED:
        return 0
    locked.status = PartnerStatus.ACTIVE
    locked.lapsed_on = None
    locked.status_reason = f"Membership returned on {as_of:%d %B %Y}: {how}."
    locked.save(update_fields=["status", "lapsed_on", "status_reason"])
    admins_notify(
        partner=locked, kind="membership_restored", reason=as_of.isoformat(), context={"how": how}
    )
    return 1


def renewal_reminders_send(*, as_of: date) -> dict[str, int]:
    """Remind active partners (not under notice) that their membership ends: the edition's
    days before `valid_until` (60/30/7), once per threshold."""
    edition = edition_at(as_of)
    longest = max(edition.membership.renewal_reminder_days, default=0)
    partners = Partner.objects.filter(
        status=PartnerStatus.ACTIVE,
        ends_on__isnull=True,
        valid_until__gte=as_of,
        valid_until__lte=as_of + timedelta(days=longest),
    )
    sent = 0
    for partner in partners:
        assert partner.valid_until is not None
        due = renewal_reminder_due(partner.valid_until, as_of, edition)
        if due is None:
            continue
        sent += admins_notify(
            partner=partner,
            kind="renewal_reminder",
            reason=f"{partner.valid_until.isoformat()}:{due}",
            context={"days_left": (partner.valid_until - as_of).days, "edition": edition},
        )
    return {"sent": sent}


@transaction.atomic
def notice_give(*, partner: Partner, by: str, on: date, reason: str = "") -> Partner:
    """Give notice (by "partner" or "vendor") on `on`: the membership ends the edition's notice
    days later (`ends_on`), when `terminations_due` terminates it. Only an active partner;
    notice twice is refused (`NoticeAlreadyGiven`, field "notice")."""
    if by not in ("partner", "vendor"):
        raise UnknownSide(f"Notice is given by 'partner' or 'vendor', not {by!r}.")
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.ACTIVE:
        raise NotActive(
            f"Notice can only be given on an active membership; {locked.name} is "
            f"{locked.get_status_display().lower()}."
        )
    if locked.ends_on is not None:
        raise NoticeAlreadyGiven(
            f"Notice was already given on {locked.notice_given_on:%d %B %Y}; the membership "
            f"ends on {locked.ends_on:%d %B %Y}."
        )
    edition = edition_at(on)
    locked.notice_given_on = on
    locked.notice_given_by = by
    locked.ends_on = notice_end(on, edition)
    locked.status_reason = reason.strip() or f"Notice given by the {by}."
    locked.save(update_fields=["notice_given_on", "notice_given_by", "ends_on", "status_reason"])
    admins_notify(
        partner=locked,
        kind="notice_given",
        reason=on.isoformat(),
        context={"by": by, "edition": edition, "reason": reason.strip()},
    )
    return locked


@transaction.atomic
def notice_withdraw(*, partner: Partner, on: date) -> Partner:
    """Withdraw a running notice before it takes effect; the membership continues."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.ACTIVE or locked.ends_on is None:
        raise NoNotice("There is no running notice to withdraw.")
    ends_on = locked.ends_on
    locked.notice_given_on = None
    locked.notice_given_by = ""
    locked.ends_on = None
    locked.status_reason = f"Notice withdrawn on {on:%d %B %Y}."
    locked.save(update_fields=["notice_given_on", "notice_given_by", "ends_on", "status_reason"])
    admins_notify(
        partner=locked,
        kind="notice_withdrawn",
        reason=f"{on.isoformat()}:{ends_on.isoformat()}",
        context={"ends_on": ends_on},
    )
    return locked


# Termination and logo deadlines, one import path for callers.
from partnercenter.membership.termination import (  # noqa: E402
    logo_deadline_reminders_send,
    logo_deadline_resolve,
    partner_terminate_now,
    terminations_due,
)

__all__ = [
    "logo_deadline_reminders_send",
    "logo_deadline_resolve",
    "partner_terminate_now",
    "terminations_due",
]
