"""Importing history: certifications (their points posted once) and ledger entries (source `import`)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from partnercenter.domain.program import Unit
from partnercenter.errors import Refusal
from partnercenter.imports import checks
from partnercenter.imports.base import (
    CREATED,
    UNCHANGED,
    Column,
    Context,
    codes,
    differences,
    seen_before,
)
from partnercenter.imports.checks import Problems
from partnercenter.imports.errors import RowRefused
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import ADJUSTMENT, entry_post
from partnercenter.partners.models import Certification, Person
from partnercenter.partners.services import certification_record

# ------------------------------------------------------------ certifications


def apply_certification(ctx: Context, line: int, row: dict[str, str]) -> str:
    """Record a person's certification (its 1,000 points posted once), or find it unchanged."""
    p: Problems = []
    email = checks.email(p, row, "email")
    slug = row["partner"]
    if slug and ctx.partner(slug) is None:
        p.append(("partner", f"No partner with slug {slug!r}."))
    person: Person | None = None
    if email and not p:
        people = Person.objects.filter(email__iexact=email).select_related("partner")
        if slug:
            people = people.filter(partner__slug=slug)
        found = list(people[:2])
        if not found:
            where = f" at {slug}" if slug else ""
            p.append(("email", f"No person with email {email}{where}; import the people first."))
        elif len(found) > 1:
            p.append(("partner", f"{email} works for more than one partner: name the partner."))
        else:
            person = found[0]
    earned_on = checks.a_date(p, row, "earned_on")
    checks.not_future(p, "earned_on", earned_on, ctx.today)
    expires_on = checks.a_date(p, row, "expires_on", optional=True)
    if earned_on and expires_on and expires_on <= earned_on:
        p.append(("expires_on", f"Must be after earned_on ({earned_on})."))
    code = row["type"].lower()
    if earned_on:
        edition = ctx.edition(earned_on)
        if code not in {c.code for c in edition.certifications}:
            p.append(
                (
                    "type",
                    f"{row['type'] or 'Empty'!r} is not a certification type of edition "
                    f"{edition.edition_id}: {codes(edition.certifications)}.",
                )
            )
        earliest = edition.effective_from.replace(year=edition.effective_from.year - 10)
        if earned_on < earliest:
            p.append(("earned_on", f"{earned_on} is implausibly early (before {earliest})."))
    if person is not None and earned_on:
        key = ("certification", str(person.pk), code, earned_on.isoformat())
        seen_before(ctx, p, line, "type", key, f"{code} earned {earned_on} by {email}")
    if p:
        raise RowRefused(p)
    assert person is not None and earned_on is not None
    existing = Certification.objects.filter(person=person, type=code, earned_on=earned_on).first()
    if existing is not None:
        differences(
            p, "certification", {"expires_on": existing.expires_on}, {"expires_on": expires_on}
        )
        if p:
            raise RowRefused(p)
        return UNCHANGED
    certification_record(person=person, type=code, earned_on=earned_on, expires_on=expires_on)
    return CREATED


CERTIFICATION_COLUMNS = (
    Column("email", "the certified person's email (imported or existing)"),
    Column(
        "partner",
        "the person's partner slug, needed when the email is at two partners",
        optional=True,
    ),
    Column("type", "a certification code of the edition (developer, wcms, solution, sales)"),
    Column("earned_on", "YYYY-MM-DD, not in the future"),
    Column("expires_on", "YYYY-MM-DD after earned_on (or empty)", optional=True),
)


# -------------------------------------------------------------------- points

IMPORT_KEY_PREFIX = "import:"
"""Imported entries' idempotency keys are `import:<the row's key>`."""

_LEDGER_FIELDS = {
    "points": "points",
    "activity": "activity",
    "person": "person_email",
    "idempotency_key": "key",
}


def apply_points(ctx: Context, line: int, row: dict[str, str]) -> str:
    """Post one ledger entry with its original date and source `import`, once per key."""
    p: Problems = []
    slug = checks.required(p, row, "partner", max_length=100)
    partner = ctx.partner(slug) if slug else None
    if slug and partner is None:
        p.append(("partner", f"No partner with slug {slug!r}; import the partners first."))
    occurred_on = checks.a_date(p, row, "occurred_on")
    checks.not_future(p, "occurred_on", occurred_on, ctx.today)
    edition = ctx.edition(occurred_on or ctx.today)
    code = row["activity"].lower()
    rule = edition.activity(code) if edition.has_activity(code) and code != ADJUSTMENT else None
    if rule is None:
        p.append(
            (
                "activity",
                f"{row['activity'] or 'Empty'!r} is not an activity of edition {edition.edition_id}: "
                f"{codes(edition.activities)}.",
            )
        )
    if rule is not None and code in {c.activity for c in edition.certifications}:
        p.append(("activity", "Certification points come with `import certifications`."))
    points = checks.integer(p, row, "points", minimum=0)
    reason = checks.required(p, row, "reason", max_length=2000)
    key = checks.required(p, row, "key", max_length=200 - len(IMPORT_KEY_PREFIX))
    if key:
        seen_before(ctx, p, line, "key", ("points", key), f"Key {key!r}")
    email = checks.email(p, row, "person_email", optional=True)
    person: Person | None = None
    if email and partner is not None:
        person = Person.objects.filter(partner=partner, email__iexact=email).first()
        if person is None:
            p.append(("person_email", f"No person with email {email} at {slug}."))
    revenue = checks.integer(p, row, "revenue_cents", minimum=0) or 0
    if rule is not None and rule.unit == Unit.USD and not revenue:
        p.append(("revenue_cents", f"{rule.name} needs the revenue in cents."))
    if rule is not None and rule.unit != Unit.USD and revenue:
        p.append(("revenue_cents", f"{rule.name} carries no revenue; leave it empty."))
    if p:
        raise RowRefused(p)
    assert partner is not None and occurred_on is not None and rule is not None
    occurred_at = datetime.combine(occurred_on, time(12), tzinfo=UTC)
    idempotency_key = IMPORT_KEY_PREFIX + key
    existing = (
        Entry.objects.filter(idempotency_key=idempotency_key)
        .select_related("partner", "person")
        .first()
    )
    if existing is not None:
        stored: dict[str, object] = {
            "partner": existing.partner.slug,
            "activity": existing.activity,
            "occurred_on": existing.occurred_at.astimezone(UTC).date(),
            "reason": existing.reason,
            "person_email": existing.person.email.lower() if existing.person else "",
            "revenue_cents": existing.revenue_cents,
        }
        given: dict[str, object] = {
            "partner": slug,
            "activity": code,
            "occurred_on": occurred_on,
            "reason": reason,
            "person_email": email.lower(),
            "revenue_cents": revenue,
        }
        if points is not None:
            stored["points"], given["points"] = existing.points, points
        differences(p, f"entry {idempotency_key!r}", stored, given)
        if p:
            raise RowRefused(p)
        return UNCHANGED
    try:
        entry_post(
            partner=partner,
            activity=code,
            occurred_at=occurred_at,
            source=Source.IMPORT,
            reason=reason,
            idempotency_key=idempotency_key,
            points=points,
            revenue_cents=revenue,
            person=person,
            # Recorded when the old system recorded it, so `explain --as-of` a past date
            # counts imported history as it stood then.
            recorded_at=occurred_at,
            occasion="",
        )
    except Refusal as refusal:
        raise RowRefused(
            [(_LEDGER_FIELDS.get(refusal.field, "activity"), refusal.message)]
        ) from None
    return CREATED


POINTS_COLUMNS = (
    Column("partner", "the partner's slug"),
    Column("activity", "an activity code of the edition in force on occurred_on"),
    Column("points", "the points; empty: the catalogue's; at least N for a “From N+” activity"),
    Column("occurred_on", "YYYY-MM-DD, the original date (not in the future)"),
    Column("reason", "why the points were earned, in words"),
    Column("key", "the row's unique id in the old system; imports it once (import:<key>)"),
    Column(
        "person_email", "the person who earned them (per-person activities need one)", optional=True
    ),
    Column(
        "revenue_cents", "revenue in cents for a per-USD activity (e.g. revenue)", optional=True
    ),
)
