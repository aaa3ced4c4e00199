"""A program edition as typed, frozen objects.

An edition is everything a program's rules say on one effective date: levels
and their requirements, the activity catalogue, certification types, plans,
benefits, discounts and the terms of membership. The objects here carry no
behaviour beyond lookups; the engine (`evaluate`) and the calculators read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Tracking(StrEnum):
    """How an activity reaches the ledger."""

    MONITORED = "monitored"
    """Auto-tracked: a signed event from the community site, GitHub or the store."""
    REPORTED = "reported"
    """Submitted by the partner in Partner Center and approved by staff."""
    SYSTEM = "system"
    """Posted by Partner Center itself (certifications, anniversaries)."""


class Per(StrEnum):
    """Whom an activity counts for."""

    PARTNER = "partner"
    """Once for the organisation."""
    PERSON = "person"
    """Once per person per occasion; the entry must name the person."""


class Unit(StrEnum):
    """What the activity's points are counted in."""

    EACH = "each"
    """A fixed number of points per occurrence."""
    USD = "usd"
    """Points per whole USD of revenue (one point ≈ $1 revenue for 7x)."""


class CertificationKind(StrEnum):
    """Which tier requirement a certification counts toward."""

    PROFILE = "profile"
    """Developer, WCMS, Solution."""
    SALES = "sales"
    """Sales (includes training and materials)."""


@dataclass(frozen=True)
class Requirement:
    """One condition of a level: `kind` (from the requirement registry) and the amount needed.

    Boolean kinds (such as student enrolment) need 1.
    """

    kind: str
    needed: int


@dataclass(frozen=True)
class Level:
    """A rung of the program, ordered by `rank` (0 is the lowest)."""

    code: str
    name: str
    category: str
    description: str
    certified: bool
    rank: int
    requirements: tuple[Requirement, ...]

    def requirement(self, kind: str) -> Requirement | None:
        return next((r for r in self.requirements if r.kind == kind), None)


@dataclass(frozen=True)
class Profile:
    """A partner's core competency (IT, Creative, Hosting, Distribution)."""

    code: str
    name: str
    description: str


@dataclass(frozen=True)
class ActivityCap:
    """Limits that hold when an activity is posted ("1000/yr, max 3 yrs")."""

    per_period: int | None = None
    period: str | None = None  # "month" or "year" (calendar, UTC)
    max_total: int | None = None


@dataclass(frozen=True)
class Activity:
    """A point-generating activity of the catalogue."""

    code: str
    name: str
    points: int
    minimum: bool
    tracking: Tracking
    per: Per
    unit: Unit
    cap: ActivityCap | None


@dataclass(frozen=True)
class CertificationType:
    """A certification people can earn; `activity` is the catalogue entry it posts."""

    code: str
    name: str
    kind: CertificationKind
    activity: str


@dataclass(frozen=True)
class Plan:
    """A row of the Partner Plans table; every column is a field."""

    code: str
    name: str
    price_cents: int
    tickets: int
    tickets_period: str
    response: str  # "community" or "hours"
    response_hours: int | None
    installation_support: str
    guidance_meetings: int
    guidance_period: str
    guidance_note: str
    revenue_requirement_cents: int
    roadmap_requests: bool
    marketing_placement: str


@dataclass(frozen=True)
class Benefit:
    """A row of the benefits matrix and the levels that have it."""

    code: str
    name: str
    levels: frozenset[str]
    service: bool = False
    """A service a partner of these levels can request in the portal (not a number or right)."""


@dataclass(frozen=True)
class Discount:
    """A product class and the discount percent each level gets on it."""

    code: str
    name: str
    percent: Mapping[str, int]
    kick_off_package: frozenset[str]


@dataclass(frozen=True)
class Membership:
    """The two ways in (program fee or points path) and the terms of the contract."""

    program_fee_cents: int
    program_fee_plan: str
    program_fee_period: str
    program_fee_period_below_points_path: str
    points_path_points: int
    points_path_level: str
    validity_months: int
    termination_notice_days: int
    grace_days: int
    """Neither a paid plan nor the points path for longer than this → the partner lapses."""
    renewal_reminder_days: tuple[int, ...]
    """Days before the end of validity when renewal reminders go out (e.g. 60, 30, 7)."""
    terminated_access_months: int
    """How long the people of a terminated partner keep read access to documents and ledger."""


@dataclass(frozen=True)
class Billing:
    """How plans are invoiced and what happens when an invoice stays unpaid."""

    plan_change: str
    """"next_period": a plan change takes effect when the current paid period ends."""
    invoice_due_days: int
    """An invoice is due this many days after it is issued."""
    invoice_reminder_days: tuple[int, ...]
    """Days after the due date when an unpaid invoice is reminded."""
    payment_grace_days: int
    """Days after the due date after which an unpaid plan lapses (the review sees no paid plan)."""


@dataclass(frozen=True)
class KickOffPackage:
    """The Kick-Off Package offer ("K.O.P.")."""

    price_cents: int
    discount_percent: int
    activity: str


@dataclass(frozen=True)
class Edition:
    """One edition of a program: all its rules, valid from `effective_from`."""

    program_id: str
    program_name: str
    vendor: str
    edition_id: str
    effective_from: date
    currency: str
    window_months: int
    review_cadence: str
    review_day_of_month: int
    membership: Membership
    logo_grace_days: int
    logo_reminder_days: tuple[int, ...]
    """Days before the logo deadline when the partner is reminded."""
    billing: Billing
    referral_cold_percent: int
    referral_hot_percent: int
    kick_off_package: KickOffPackage
    profiles: tuple[Profile, ...]
    levels: tuple[Level, ...]
    activities: tuple[Activity, ...]
    certifications: tuple[CertificationType, ...]
    plans: tuple[Plan, ...]
    benefits: tuple[Benefit, ...]
    lead_priority: Mapping[str, int]
    discounts: tuple[Discount, ...]
    hooks: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    leads: Leads = field(default_factory=lambda: Leads())
    directory: Directory = field(default_factory=lambda: Directory())
    referrals: Referrals = field(default_factory=lambda: Referrals())
    entitlements: Entitlements = field(default_factory=lambda: Entitlements())
    certification_policy: CertificationPolicy = field(default_factory=lambda: CertificationPolicy())

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(f"unknown level {code!r}")

    def activity(self, code: str) -> Activity:
        for activity in self.activities:
            if activity.code == code:
                return activity
        raise KeyError(f"unknown activity {code!r}")

    def certification(self, code: str) -> CertificationType:
        for cert in self.certifications:
            if cert.code == code:
                return cert
        raise KeyError(f"unknown certification type {code!r}")

    def plan(self, code: str) -> Plan:
        for plan in self.plans:
            if plan.code == code:
                return plan
        raise KeyError(f"unknown plan {code!r}")

    def has_level(self, code: str) -> bool:
        return any(level.code == code for level in self.levels)

    def has_activity(self, code: str) -> bool:
        return any(a.code == code for a in self.activities)

    def benefits_of(self, level_code: str | None) -> tuple[Benefit, ...]:
        if level_code is None:
            return ()
        return tuple(b for b in self.benefits if level_code in b.levels)


@dataclass(frozen=True)
class Leads:
    """How leads from customers are routed (`[leads]`); the defaults stand for an edition without it."""

    answer_hours: int = 48
    """The offered partner has this many hours to accept or decline before it is forwarded."""
    open_lead_cap: int = 25
    """A partner with this many open leads (offered or accepted) is skipped."""
    budget_bands: tuple[str, ...] = ("under_10k", "10k_50k", "50k_250k", "over_250k")
    """The budget band codes a customer may choose."""
    share_levels: frozenset[str] = frozenset()
    """Levels that SHARE leads with 7x (staff share to them; they pass leads to 7x)."""


@dataclass(frozen=True)
class Directory:
    """Who the public directory lists and in what order (the `[directory]` section)."""

    list_registered: bool = False
    """A registered partner (a member below every level) appears as "Registered partner"."""
    listing_benefit: str = "self_managed_page"
    """A level with this benefit is listed."""
    featured_benefit: str = "extra_visibility"
    """A level with this benefit is in the featured strip, rotating daily."""
    logo_benefit: str = "partner_logo"
    """A level with this benefit (and not certified) gets the "Exponential Partner" badge."""
    placement_order: tuple[str, ...] = ("priority", "high", "medium", "none")
    """Marketing placements, best first."""
    page_size: int = 20
    featured_count: int = 3
    cache_seconds: int = 300
    """How long a directory page may be served from the cache."""


@dataclass(frozen=True)
class Referrals:
    """Referrals to the vendor: when a registration expires, what the fee is a percent of."""

    expiry_days: int = 90
    """Days without progress after which an open registration expires."""
    fee_base_months: int = 12
    """Months, from the customer's first payment, whose payments form the fee base."""
    rounding: str = "half_up"
    """How a fee is rounded to the cent (only half up is known)."""
    hot_criteria: Mapping[str, str] = field(default_factory=dict)
    """Code → label of what makes a referral hot; all must be met."""


@dataclass(frozen=True)
class Entitlements:
    """How the plans' promises are counted: quotas across plan changes, cancellations, SLA clock.

    The defaults are the 2025-01-01 edition's; see `[entitlements]` in the edition file.
    """

    plan_change_rule: str = "new_quota_from_change"
    """From a plan change on, the new plan's quota counts, against usage under the new plan."""
    meeting_cancel_hours: int = 24
    """A meeting cancelled more than this many hours ahead is given back."""
    response_clock: str = "calendar"
    """How `response_hours` are counted; only "calendar" hours exist today."""


@dataclass(frozen=True)
class CertificationPolicy:
    """When expiring certifications and a coming level drop are announced (`[certification_policy]`).

    The defaults are the 2025-01-01 edition's.
    """

    expiry_reminder_days: tuple[int, ...] = (60, 14)
    """Days before a certification's expiry when the person and the partner admins are reminded."""
    level_warning_days: int = 14
    """Days before a review that would lower the level when the partner admins are warned."""
