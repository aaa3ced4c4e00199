"""Demo data: ~40 partners with three years of history, people, certifications and reviews.

Deterministic (seeded), posted through the real services so every cap and
rollup holds; run once by `make run` (a second run changes nothing).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partnercenter.domain.program import Edition, Tracking, Unit
from partnercenter.domain.windows import add_months
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.linkedaccounts.demo import demo_links
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.partners.services import (
    anniversaries_post,
    certification_record,
    partner_create,
)
from partnercenter.programs.selectors import edition_at
from partnercenter.review.services import review_run

STAFF_EMAIL = "staff@partnercenter.test"
STAFF_PASSWORD = "Demo-Staff-2026!"
PARTNER_PASSWORD = "Demo-Partner-2026!"
DEMO_ADMIN_EMAIL = "anna@northwind-digital.example"
DEMO_MEMBER_EMAIL = "ben@northwind-digital.example"
DROPPING_SLUG = "cobalt-creative"

NAMES = [
    "Northwind Digital",
    "Cobalt Creative",
    "Fjord Hosting",
    "Baltic Systems",
    "Atlas Web Studio",
    "Meridian IT",
    "Harbor Cloud",
    "Pixel & Pine",
    "Quanta Consulting",
    "Red Kite Media",
    "Sundial Software",
    "Tessera Labs",
    "Umbra Design",
    "Vantage Hosting",
    "Willow Integration",
    "Xylo Distribution",
    "Yarrow Agency",
    "Zenith Solutions",
    "Alder Training",
    "Brightline Data",
    "Cedar Stack",
    "Delta Web Works",
    "Ember Interactive",
    "Foxglove Hosting",
    "Granite IT",
    "Helix Resellers",
    "Iris Communication",
    "Juniper Systems",
    "Kestrel Cloud",
    "Lumen Creative",
    "Mosaic Distribution",
    "Nimbus Hosting",
    "Orchid Studio",
    "Prairie Consulting",
    "Quartz Digital",
    "Riverbend Academy",
    "Saffron Media",
    "Tundra Tech",
    "Umber Solutions",
    "Verdant Web",
]
PROFILES = ["it", "creative", "hosting", "distribution"]
COUNTRIES = ["NO", "DE", "FR", "US", "GB", "SE", "NL", "ES", "IT", "CA", "AU", "PL"]
FIRST = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kari",
    "Liam",
]
LAST = ["Berg", "Novak", "Dubois", "Kim", "Rossi", "Silva", "Larsen", "Meyer", "Okafor", "Tanaka"]

# (target level, window points, revenue USD, profile certs, sales certs) per demo archetype.
TARGETS = [
    ("silver", 26_000, 2_000, 1, 1),
    ("gold", 65_000, 20_000, 2, 2),
    ("platinum", 240_000, 75_000, 3, 3),
    ("professional", 8_000, 0, 1, 0),
    ("basic", 4_300, 0, 0, 0),
    ("starter", 3_300, 0, 0, 0),
    ("student", 600, 0, 0, 0),
    (None, 1_200, 0, 0, 0),
]


@dataclass
class DemoResult:
    partners: int
    entries: int
    decisions: int
    created: bool


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _pick_activities(edition: Edition) -> list[str]:
    return [
        a.code
        for a in edition.activities
        if a.tracking in (Tracking.REPORTED, Tracking.MONITORED)
        and a.unit == Unit.EACH
        and a.cap is None
        and a.per.value == "partner"
    ]


def _post(
    partner: Partner,
    activity: str,
    day: date,
    key: str,
    points: int | None = None,
    revenue_cents: int = 0,
    person: Person | None = None,
    reason: str = "",
) -> Entry | None:
    edition = edition_at(day)
    rule = edition.activity(activity)
    source = (
        Source.MONITORED
        if rule.tracking == Tracking.MONITORED
        else (Source.SYSTEM if rule.tracking == Tracking.SYSTEM else Source.REPORTED)
    )
    try:
        return entry_post(
            partner=partner,
            activity=activity,
            occurred_at=_at(day),
            recorded_at=min(_at(day + timedelta(days=2), 9), timezone.now()),
            source=source,
            reason=reason or f"{rule.name} ({partner.name})",
            idempotency_key=key,
            points=points,
            revenue_cents=revenue_cents,
            person=person,
        ).entry
    except LedgerError:
        return None


def _fill(
    partner: Partner,
    rng: random.Random,
    start: date,
    end: date,
    points: int,
    tag: str,
    codes: list[str],
) -> None:
    """Post activities between start and end adding up to about `points`."""
    edition = edition_at(end)
    span = (end - start).days
    total, n = 0, 0
    while total < points:
        need = points - total
        day = start + timedelta(days=rng.randrange(max(span, 1)))
        if need > 6000:
            code = rng.choice(["premium_project", "hosted_project", "project", "training"])
            amount = min(need, rng.choice([5000, 6000, 8000, 10000, 12000]))
            amount = max(amount, edition.activity(code).points)
            _post(partner, code, day, f"demo:{partner.slug}:{tag}:{n}", points=amount)
            total += amount
        else:
            code = rng.choice(codes)
            posted = _post(partner, code, day, f"demo:{partner.slug}:{tag}:{n}")
            total += posted.points if posted else 0
        n += 1


def _revenue(
    partner: Partner, rng: random.Random, start: date, end: date, usd: int, tag: str
) -> None:
    orders = max(1, usd // 5000)
    per = usd // orders
    for i in range(orders):
        day = start + timedelta(days=rng.randrange(max((end - start).days, 1)))
        _post(
            partner,
            "revenue",
            day,
            f"demo:{partner.slug}:{tag}:{i}",
            revenue_cents=per * 100,
            reason=f"Store order #{rng.randrange(10000, 99999)}",
        )


def _user(email: str, password: str, name: str, staff: bool = False) -> object:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": name, "is_staff": staff}
    )
    if created:
        user.set_password(password)
        user.save()
    return user


def _pending_submissions(today: date) -> None:
    """A few reported activities waiting in the staff approval queue."""
    from partnercenter.submissions.services import submission_create

    waiting = [
        ("northwind-digital", "article", 3, "Article: migrating a newsroom to Exponential 7", None),
        ("northwind-digital", "project", 9, "Intranet relaunch for Fjordline Ferries", 4200),
        ("atlas-web-studio", "tutorial", 12, "Tutorial: custom content types, step by step", None),
        ("red-kite-media", "conference_presentation", 20, "Talk at WebDays Lyon", None),
        # Per person: the people named must have signed in, as Northwind's demo logins have.
        ("northwind-digital", "event_participation", 6, "Partner summit, Berlin", None),
    ]
    for slug, activity, days_ago, text, points in waiting:
        partner = Partner.objects.get(slug=slug)
        people = list(partner.people.all()[:2])
        submission_create(
            partner=partner,
            person=people[0],
            activity=activity,
            occurred_on=today - timedelta(days=days_ago),
            description=text,
            people=[p for p in people if p.user_id] if activity == "event_participation" else (),
            evidence_url=f"https://{slug}.example/evidence/{activity}",
            claimed_points=points,
        )


@transaction.atomic
def demo_load(*, today: date | None = None) -> DemoResult:
    """Create the demo program population once; later calls change nothing."""
    today = today or timezone.now().date()
    if Partner.objects.filter(slug="northwind-digital").exists():
        return DemoResult(Partner.objects.count(), Entry.objects.count(), 0, created=False)
    staff = _user(STAFF_EMAIL, STAFF_PASSWORD, "Sam Staff", staff=True)
    staff.is_superuser = True  # type: ignore[attr-defined]
    staff.save()  # type: ignore[attr-defined]
    rng = random.Random(7)
    edition = edition_at(today)
    codes = _pick_activities(edition)
    this_month = today.replace(day=1)
    window_start = add_months(this_month, -12)
    history_start = add_months(this_month, -36)
    for index, name in enumerate(NAMES):
        level, points, revenue_usd, profile_certs, sales_certs = TARGETS[index % len(TARGETS)]
        slug = name.lower().replace(" & ", "-").replace(" ", "-")
        since = add_months(history_start, rng.randrange(0, 8))
        partner = partner_create(
            name=name,
            slug=slug,
            profile=PROFILES[index % 4],
            country=rng.choice(COUNTRIES),
            website=f"https://{slug}.example",
            status="active",
            partner_since=since,
            student=level == "student",
            plan="now" if level in (None, "student") and index % 2 else "",
            plan_paid_until=add_months(today, 1)
            if level in (None, "student") and index % 2
            else None,
        )
        people = []
        for p in range(2 + rng.randrange(3)):
            first, last = FIRST[(index + p) % len(FIRST)], LAST[(index * 3 + p) % len(LAST)]
            email = f"{first.lower()}@{slug}.example"
            people.append(
                Person.objects.create(
                    partner=partner,
                    name=f"{first} {last}",
                    email=email,
                    role=Role.ADMIN if p == 0 else Role.MEMBER,
                )
            )
        demo_links(people, slug=slug, index=index)  # verified GitHub and community accounts
        if index == 0:
            people[0].user = _user(DEMO_ADMIN_EMAIL, PARTNER_PASSWORD, people[0].name)  # type: ignore[assignment]
            people[0].save()
            people[1].user = _user(DEMO_MEMBER_EMAIL, PARTNER_PASSWORD, people[1].name)  # type: ignore[assignment]
            people[1].save()
        cert_day = since + timedelta(days=20)
        for c in range(profile_certs):
            certification_record(
                person=people[c % len(people)],
                type=["developer", "wcms", "solution"][c],
                earned_on=cert_day,
            )
        for c in range(sales_certs):
            certification_record(
                person=people[(c + 1) % len(people)], type="sales", earned_on=cert_day
            )
        # Points already counted by certifications stay in their own month; fill the window to target.
        if slug == DROPPING_SLUG:
            # A Silver partner whose big project leaves the window at the next review.
            _post(
                partner,
                "premium_project",
                window_start + timedelta(days=3),
                f"demo:{slug}:leaving",
                points=9000,
                reason="Premium project for Lakeside Hotels",
            )
            _fill(partner, rng, add_months(window_start, 2), today, 13_000, "window", codes)
        else:
            _fill(partner, rng, window_start, today, points, "window", codes)
        _fill(
            partner, rng, since, window_start, int(points * rng.uniform(0.4, 1.1)), "history", codes
        )
        if revenue_usd and slug != DROPPING_SLUG:
            _revenue(partner, rng, window_start, today, revenue_usd, "revenue")
        if index % 9 == 3:
            victim = Entry.objects.filter(
                partner=partner, source=Source.REPORTED, reverses__isnull=True
            ).first()
            if victim is not None:
                entry_reverse(
                    entry=victim, reason="Duplicate claim: the same article was reported twice"
                )
    _pending_submissions(today)
    decisions = 0
    month = add_months(this_month, -24)
    while month <= this_month:
        anniversaries_post(as_of=month)
        decisions += review_run(as_of=month).written
        month = add_months(month, 1)
    return DemoResult(Partner.objects.count(), Entry.objects.count(), decisions, created=True)
