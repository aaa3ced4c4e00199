"""Reading what runs out: certifications near their expiry, and a partner's coming level drop."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from partnercenter.domain.certifications import Lapsing, LevelWarning, level_warning, next_review_on
from partnercenter.partners.models import Certification, Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import partner_standing

REVIEWED = (PartnerStatus.ACTIVE, PartnerStatus.LAPSED)
"""Partners the review reviews: only they can drop a level."""


def next_review(today: date) -> date:
    """The day of the first review after `today` (the edition's review day of the month)."""
    return next_review_on(today, edition_at(today).review_day_of_month)


def _valid_on(day: date, *, earned_by: date | None = None) -> Q:
    """Certifications that count on `day` (as the review counts them: earned before it, not
    expired or revoked by then); `earned_by` also counts those earned that day (today's)."""
    earned = Q(earned_on__lte=earned_by) if earned_by else Q(earned_on__lt=day)
    return (
        earned
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        & ~Q(revocation__revoked_on__lte=day)
    )


def lapsing_certifications(
    partner: Partner, today: date, review_on: date, since: date | None = None
) -> list[Lapsing]:
    """The certifications that count for `partner` today (or counted at its last review,
    `since`) and no longer on `review_on`.

    A person counts once per type, so a certification renewed in time (another one of
    the same person and type valid at the review) is not lapsing.
    """
    edition = edition_at(review_on)
    types = {c.code: c for c in edition.certifications}
    mine = Certification.objects.filter(partner=partner).select_related("revocation")
    counted = _valid_on(today, earned_by=today)
    if since is not None and since < today:
        counted |= _valid_on(since)
    now = list(mine.filter(counted).distinct())
    kept = set(mine.filter(_valid_on(review_on)).values_list("person_id", "type"))
    out: dict[tuple[int, str], Lapsing] = {}
    for cert in now:
        pair = (cert.person_id, cert.type)
        if pair in kept or cert.type not in types:
            continue
        revocation = getattr(cert, "revocation", None)
        revoked_on = revocation.revoked_on if revocation is not None else None
        ends = min(d for d in (cert.expires_on, revoked_on) if d is not None)
        lapsing = Lapsing(
            kind=str(types[cert.type].kind),
            name=types[cert.type].name,
            ends_on=ends,
            revoked=revoked_on is not None and revoked_on == ends,
            ended=ends <= today,
        )
        if pair not in out or out[pair].ends_on < lapsing.ends_on:
            out[pair] = lapsing  # a person's last certification of the type decides
    return sorted(out.values(), key=lambda c: (c.ends_on, c.kind))


def level_warning_for(partner: Partner, today: date) -> LevelWarning | None:
    """The warning for `partner` if the next review, with nothing changed, would lower its level.

    The review's dry run for one partner: its facts as of the next review date (the points
    window then, the certifications valid then) under the edition in force then, against
    the level of its latest review. None when the level holds (or was never reviewed).
    """
    if partner.status not in REVIEWED or not partner.current_level:
        return None
    review_on = next_review(today)
    then = partner_standing(partner, review_on, top=0)
    edition = then.edition
    level = partner.current_level
    if not edition.has_level(level):
        return None
    to = then.decision.level
    if to is not None and edition.level(to).rank >= edition.level(level).rank:
        return None
    now = partner_standing(partner, today + timedelta(days=1), top=0).decision.facts
    return level_warning(
        edition=edition,
        level=level,
        review_on=review_on,
        then=then.decision,
        now=now,
        lapsing=lapsing_certifications(partner, today, review_on, partner.current_level_as_of),
    )


def expiring_certifications(as_of: date, within_days: int) -> QuerySet[Certification]:
    """Certifications of reviewed partners expiring after `as_of` and at most `within_days` later,
    neither revoked before they expire nor renewed (a later one of the same person and type
    that runs longer)."""
    renewed = Certification.objects.filter(
        person_id=OuterRef("person_id"), type=OuterRef("type"), earned_on__gt=OuterRef("earned_on")
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return (
        Certification.objects.filter(
            expires_on__gt=as_of,
            expires_on__lte=as_of + timedelta(days=within_days),
            partner__status__in=REVIEWED,
        )
        .exclude(revocation__revoked_on__lte=F("expires_on"))
        .exclude(Exists(renewed))
        .select_related("person", "partner")
        .order_by("expires_on", "id")
    )
