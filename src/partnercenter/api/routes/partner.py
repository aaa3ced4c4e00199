"""Read endpoints of a partner: itself, its standing, ledger, people, certifications, levels.

A partner's people and staff may read; anyone else gets 404 for the slug.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import responses
from partnercenter.api.schemas import (
    CertificationOut,
    Day,
    DecisionOut,
    EditionOut,
    EntryPage,
    MeOut,
    PartnerOut,
    PersonOut,
    StandingOut,
    TokenInfo,
)
from partnercenter.domain.program import Edition
from partnercenter.ledger.models import Entry, Source
from partnercenter.programs.selectors import edition_at
from partnercenter.review.explanation import expand, explanation_of
from partnercenter.review.models import TierDecision
from partnercenter.review.selectors import partner_standing

router = Router(tags=["partner"])


@router.get("/me", response=responses({200: MeOut}), summary="Who am I")
def me(request: HttpRequest) -> Any:
    """The signed-in user, their partner person and partner, and the token used (if any)."""
    who = caller(request)
    token = who.token
    return {
        "email": getattr(who.user, "email", "") or who.user.get_username(),
        "is_staff": who.is_staff,
        "person": who.person,
        "partner": who.person.partner if who.person else None,
        "token": TokenInfo(
            name=token.name, prefix=token.prefix, scopes=token.scopes, expires_at=token.expires_at
        )
        if token
        else None,
    }


def _edition_out(edition: Edition) -> dict[str, Any]:
    return {
        "program_id": edition.program_id,
        "edition_id": edition.edition_id,
        "effective_from": edition.effective_from,
        "window_months": edition.window_months,
        "levels": [
            {
                "code": lv.code,
                "name": lv.name,
                "rank": lv.rank,
                "requirements": {r.kind: r.needed for r in lv.requirements},
            }
            for lv in edition.levels
        ],
        "activities": [
            {
                "code": a.code,
                "name": a.name,
                "points": a.points,
                "minimum": a.minimum,
                "tracking": str(a.tracking),
                "per": str(a.per),
                "unit": str(a.unit),
            }
            for a in edition.activities
        ],
        "hooks": {k: dict(v) for k, v in edition.hooks.items()},
    }


class EditionQuery(Schema):
    on: Day | None = Field(None, description="The date; today when left out.")


@router.get("/edition", response=responses({200: EditionOut}), summary="The edition in force")
def edition(request: HttpRequest, q: Query[EditionQuery]) -> Any:
    """The program edition in force today, or on `on`: levels, activities, webhook mapping."""
    caller(request)
    return _edition_out(edition_at(q.on or date.today()))


@router.get("/partners/{slug}", response=responses({200: PartnerOut}), summary="A partner")
def partner_get(request: HttpRequest, slug: str) -> Any:
    return caller(request).partner(slug)


class StandingQuery(Schema):
    as_of: Day | None = Field(None, description="The date; today when left out.")
    with_late: bool = Field(
        True, description="False: count only entries recorded by the end of as_of."
    )


@router.get("/partners/{slug}/standing", response=responses({200: StandingOut}), summary="Standing")
def standing(request: HttpRequest, slug: str, q: Query[StandingQuery]) -> Any:
    """Level, next level, what is missing and why, as of any date (today by default)."""
    partner = caller(request).partner(slug)
    result = partner_standing(partner, q.as_of or date.today(), with_late=q.with_late)
    decision = result.decision.as_dict()
    return {
        "partner": partner.slug,
        "as_of": result.as_of,
        "edition_id": result.edition.edition_id,
        "level": decision["level"],
        "next_level": decision["next_level"],
        "membership": decision["membership"],
        "summary": result.decision.missing_sentence(result.edition),
        "points": result.decision.facts.points,
        "revenue_cents": result.decision.facts.revenue_cents,
        "missing": [c.as_dict() for c in result.decision.missing],
        "explanation": decision["explanation"],
        "top_contributors": result.top_contributors,
    }


class EntryQuery(Schema):
    activity: str | None = Field(None, max_length=64)
    source: Source | None = None
    since: Day | None = Field(None, description="Occurred on or after this date.")
    until: Day | None = Field(None, description="Occurred on or before this date.")
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@router.get(
    "/partners/{slug}/entries", response=responses({200: EntryPage}), summary="Ledger entries"
)
def entries(request: HttpRequest, slug: str, q: Query[EntryQuery]) -> Any:
    """The partner's ledger, newest first, filtered by activity, source and date; cursor-paged."""
    partner = caller(request).partner(slug)
    qs = Entry.objects.filter(partner=partner)
    if q.activity:
        qs = qs.filter(activity=q.activity)
    if q.source:
        qs = qs.filter(source=q.source)
    if q.since:
        qs = qs.filter(occurred_at__gte=_start(q.since))
    if q.until:
        qs = qs.filter(occurred_at__lt=_start(q.until) + timedelta(days=1))
    rows, cursor = page(qs, q.cursor, q.limit)
    return {"items": rows, "next_cursor": cursor}


@router.get("/partners/{slug}/people", response=responses({200: list[PersonOut]}), summary="People")
def people(request: HttpRequest, slug: str) -> Any:
    people = caller(request).partner(slug).people.prefetch_related("linked_accounts")
    return list(people.order_by("name", "id"))


@router.get(
    "/partners/{slug}/certifications",
    response=responses({200: list[CertificationOut]}),
    summary="Certifications",
)
def certifications(request: HttpRequest, slug: str) -> Any:
    return list(caller(request).partner(slug).certifications.order_by("-earned_on", "id"))


@router.get(
    "/partners/{slug}/levels", response=responses({200: list[DecisionOut]}), summary="Level history"
)
def levels(request: HttpRequest, slug: str) -> Any:
    """Every tier decision, newest first, each with its full explanation."""
    partner = caller(request).partner(slug)
    rows = TierDecision.objects.filter(partner=partner).select_related("shape")
    rows = rows.order_by("-as_of", "-id")[:500]
    return [
        {
            "as_of": d.as_of,
            "edition_id": d.edition_id,
            "level": d.level,
            "previous_level": d.previous_level,
            "direction": d.direction,
            "next_level": d.next_level,
            "explanation": expand(explanation_of(d)),
        }
        for d in rows
    ]
