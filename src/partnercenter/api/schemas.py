"""The API's request and response shapes (documented in the OpenAPI description)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, StrictBool

from partnercenter.submissions.models import RejectReason

MAX_ID = 2**63 - 1
"""The largest id the database can hold (a signed 64-bit integer): bigger ids are a 422."""

MAX_POINTS = 10_000_000
"""Points in one request: far above any activity of the edition, far below an overflow."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A row id: 1 to 2^63-1 (a bigger number overflows the database's integer)."""

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would read `0` or `1700000000` as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("Give a date as YYYY-MM-DD.")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
"""A date given as YYYY-MM-DD (documented as `format: date`), never a timestamp."""


def _json_int(value: Any) -> Any:
    """A JSON integer: 5 or 5.0 (the same number to JSON Schema), never true or "5"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Give a whole number.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("Give a whole number.")
        return int(value)
    return value


Points = Annotated[int, Field(ge=-MAX_POINTS, le=MAX_POINTS), BeforeValidator(_json_int)]
"""Points in a JSON body: a JSON Schema `integer` (5 or 5.0, never true or "5"), bounded."""

PositivePoints = Annotated[int, Field(ge=0, le=MAX_POINTS), BeforeValidator(_json_int)]
"""Points of an approval: 0 or more."""


def _form_null(value: Any) -> Any:
    """In a multipart form, "null" (or nothing) is how a client sends no value."""
    return None if value in ("null", "") else value


class ErrorOut(Schema):
    """Every refusal: a stable code, a sentence for people, and the field at fault (or "")."""

    code: str
    message: str
    field: str = ""
    errors: list[dict[str, Any]] | None = None


class PartnerOut(Schema):
    slug: str
    name: str
    profile: str
    country: str
    website: str
    status: str
    partner_since: date | None
    student: bool
    plan: str
    plan_paid_until: date | None
    current_level: str
    current_level_as_of: date | None


class LinkedAccountOut(Schema):
    """A verified account: only these earn monitored points (`oauth` proven, `staff` by hand)."""

    provider: str
    login: str
    verified_via: str
    linked_at: datetime


class PersonOut(Schema):
    id: int
    name: str
    email: str
    role: str
    community_username: str = Field(description="The linked community username ('' if none).")
    github_login: str = Field(description="The linked GitHub login ('' if none).")
    linked_accounts: list[LinkedAccountOut]

    @staticmethod
    def resolve_linked_accounts(obj: Any) -> list[Any]:
        return list(obj.linked_accounts.all())


class TokenInfo(Schema):
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime | None


class MeOut(Schema):
    email: str
    is_staff: bool
    person: PersonOut | None
    partner: PartnerOut | None
    token: TokenInfo | None


class RequirementOut(Schema):
    kind: str
    needed: int
    has: int
    met: bool


class LevelCheckOut(Schema):
    level: str
    qualifies: bool
    requirements: list[RequirementOut]


class ContributorOut(Schema):
    entry_id: int
    occurred_on: date
    activity: str
    points: int
    revenue_cents: int
    reason: str


class StandingOut(Schema):
    partner: str
    as_of: date
    edition_id: str
    level: str | None
    next_level: str | None
    membership: str | None
    summary: str = Field(..., description='Such as "7,400 more points for Silver".')
    points: int
    revenue_cents: int
    missing: list[RequirementOut]
    explanation: list[LevelCheckOut]
    top_contributors: list[ContributorOut]


class EntryOut(Schema):
    id: int
    activity: str
    points: int
    revenue_cents: int
    occurred_at: datetime
    recorded_at: datetime
    source: str
    reason: str
    person_id: int | None
    edition_id: str
    reverses_id: int | None


class Page(Schema):
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` to get the next page; null on the last page."
    )


class EntryPage(Page):
    items: list[EntryOut]


class CertificationOut(Schema):
    id: int
    person_id: int
    type: str
    kind: str
    earned_on: date
    expires_on: date | None


class DecisionOut(Schema):
    as_of: date
    edition_id: str
    level: str
    previous_level: str
    direction: str
    next_level: str
    explanation: list[LevelCheckOut]


class SubmissionIn(Schema):
    activity: str = Field(..., min_length=1, max_length=64)
    occurred_on: Day
    description: str = Field(..., min_length=1, max_length=4000)
    people: list[Id] = Field(
        default_factory=list, max_length=100, description="Person ids of this partner."
    )
    evidence_url: str = Field("", max_length=500)
    claimed_points: Annotated[
        Annotated[int, Field(ge=0, le=MAX_POINTS)] | None, BeforeValidator(_form_null)
    ] = None


class SubmissionOut(Schema):
    id: int
    partner: str
    activity: str
    edition_id: str
    occurred_on: date
    description: str
    people: list[int]
    evidence_url: str
    has_evidence_file: bool
    claimed_points: int | None
    status: str
    points: int | None
    reject_reason: str
    reject_text: str
    created_at: datetime
    reviewed_at: datetime | None


class SubmissionPage(Page):
    items: list[SubmissionOut]


class ApproveIn(Schema):
    points: PositivePoints | None = None


class RejectIn(Schema):
    reason_code: RejectReason
    text: str = Field("", max_length=4000)


class AdjustmentIn(Schema):
    points: Points
    reason: str = Field(..., min_length=1, max_length=2000)
    occurred_on: Day | None = None


class PartnerPage(Page):
    items: list[PartnerOut]


class ReviewIn(Schema):
    as_of: Day
    dry_run: StrictBool = False


class ReviewOut(Schema):
    id: int
    as_of: date
    edition_id: str
    dry_run: bool
    status: str
    total: int
    processed: int
    up: int
    down: int
    same: int
    error: str
    created_at: datetime
    finished_at: datetime | None


class ChangeOut(Schema):
    partner: str
    name: str
    previous: str
    level: str
    direction: str


class WhatIfOut(Schema):
    as_of: date
    edition_id: str
    total: int
    up: int
    down: int
    same: int
    changes: list[ChangeOut]


class ActivityOut(Schema):
    code: str
    name: str
    points: int
    minimum: bool
    tracking: str
    per: str
    unit: str


class LevelOut(Schema):
    code: str
    name: str
    rank: int
    requirements: dict[str, int]


class EditionOut(Schema):
    program_id: str
    edition_id: str
    effective_from: date
    window_months: int
    levels: list[LevelOut]
    activities: list[ActivityOut]
    hooks: dict[str, dict[str, str]]


class DeliveryOut(Schema):
    id: int
    source: str
    delivery_id: str
    event: str
    actor: str
    status: str
    error: str
    entries: int
    attempts: int
    received_at: datetime
    processed_at: datetime | None


class DeliveryPage(Page):
    items: list[DeliveryOut]
    counts: dict[str, int]


class RevocationIn(Schema):
    """Revoke a certification from `on` (today or later); `reverse_points` for fraud."""

    on: Day = Field(..., description="The certification stops counting from this day.")
    reason: str = Field(..., min_length=1, max_length=500, description="Why (required).")
    reverse_points: StrictBool = Field(
        False, description="Also reverse its 1,000 points in the ledger (fraud, not an expiry)."
    )


class RevocationOut(Schema):
    id: int
    certification_id: int
    revoked_on: date
    reason: str
    reversed_points: bool
    at: datetime
