"""Public pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnercenter.domain.program import Edition, Plan
from partnercenter.domain.requirements import REQUIREMENT_KINDS
from partnercenter.programs.selectors import NoEdition, edition_at


def _usd(cents: int) -> str:
    return REQUIREMENT_KINDS["revenue_cents"].amount(cents)


def _plan_row(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "price": _usd(plan.price_cents),
        "tickets": f"{plan.tickets}/{plan.tickets_period}",
        "response": "Community only"
        if plan.response == "community"
        else f"≤ {plan.response_hours} hours",
        "installation": plan.installation_support.capitalize(),
        "guidance": f"{plan.guidance_meetings} per {plan.guidance_period}"
        + (f" ({plan.guidance_note})" if plan.guidance_note else ""),
        "revenue": _usd(plan.revenue_requirement_cents)
        if plan.revenue_requirement_cents
        else "None",
        "roadmap": "Yes" if plan.roadmap_requests else "No",
        "placement": plan.marketing_placement.capitalize(),
    }


def _levels(edition: Edition) -> list[dict[str, Any]]:
    out = []
    for level in edition.levels:
        words = []
        for r in level.requirements:
            kind = REQUIREMENT_KINDS[r.kind]
            words.append(kind.label if kind.boolean else f"{kind.label}: {kind.amount(r.needed)}")
        out.append(
            {
                "name": level.name,
                "category": level.category,
                "requirements": words or ["No requirement"],
                "certified": level.certified,
                "lead_priority": edition.lead_priority.get(level.code),
            }
        )
    return out


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the levels and plans of the edition in force today, read from the data."""
    try:
        edition = edition_at(timezone.now().date())
    except NoEdition:
        return render(request, "web/home.html", {"edition": None})
    return render(
        request,
        "web/home.html",
        {
            "edition": edition,
            "levels": _levels(edition),
            "plans": [_plan_row(p) for p in edition.plans],
            "points_path": edition.membership.points_path_points,
            "points_path_level": edition.level(edition.membership.points_path_level).name,
            "fee": _usd(edition.membership.program_fee_cents),
        },
    )
