"""Plain-text rendering of standings and review results for the command line."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError

from partnercenter.domain.membership import MembershipState, describe
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import REQUIREMENT_KINDS
from partnercenter.domain.windows import window_bounds
from partnercenter.review.selectors import Standing
from partnercenter.review.services import ReviewResult


def parse_day(value: str | None, option: str = "--as-of") -> date:
    """A YYYY-MM-DD option value, or today (UTC) when absent."""
    if value is None:
        from django.utils import timezone

        return timezone.now().date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date (use YYYY-MM-DD).") from None


def level_name(edition: Edition, code: str | None) -> str:
    if not code:
        return "no level"
    return edition.level(code).name if edition.has_level(code) else code


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


def standing_membership(s: Standing) -> MembershipState:
    """The partner's membership on the standing's day, beside the level the facts earn."""
    from partnercenter.membership.selectors import membership_state

    return membership_state(
        s.partner, s.as_of, level=s.decision.level, points=s.decision.facts.points
    )


def standing_text(s: Standing) -> str:
    d, e = s.decision, s.edition
    start, end = window_bounds(s.as_of, e.window_months)
    f = d.facts
    lines = [
        f"{s.partner.name} ({s.partner.slug}) as of {s.as_of} — edition {e.edition_id}",
        f"Level: {level_name(e, d.level)}"
        + (f" ({e.level(d.level).category})" if d.level else "")
        + (f"; member by {d.membership.replace('_', ' ')}" if d.membership else ""),
        f"Membership: {describe(standing_membership(s))}",
        f"Window: {start} to {end} (entries on or after {start}, before {end}); "
        + ("all entries known now" if s.with_late else f"only entries recorded by {s.as_of}"),
        f"Facts: {f.points:,} points, {REQUIREMENT_KINDS['revenue_cents'].amount(f.revenue_cents)} "
        f"revenue, {f.profile_certifications} profile and {f.sales_certifications} sales "
        f"certifications{', student' if f.student else ''}{', paid plan' if f.paid_plan else ''}",
        "",
        "Requirements:",
    ]
    rows = [["level", "requirement", "needed", "has", "met"]]
    for lc in d.levels:
        for c in lc.checks:
            kind = REQUIREMENT_KINDS[c.kind]
            rows.append(
                [
                    lc.name,
                    kind.label,
                    kind.amount(c.needed),
                    kind.amount(c.has),
                    "yes" if c.met else "no",
                ]
            )
    lines.append(table(rows))
    lines += ["", f"Next: {d.missing_sentence(e)}"]
    lines.append(
        "Leaving the window: " + "; ".join(f"by {x.by}: {x.points:,} points" for x in s.leaving)
    )
    if s.top_contributors:
        lines += ["", f"Top contributors ({s.entries_counted} entries counted):"]
        rows = [["entry", "date", "activity", "points", "reason"]]
        for item in s.top_contributors:
            rows.append(
                [
                    f"#{item.entry_id}",
                    str(item.occurred_on),
                    item.activity,
                    f"{item.points:,}",
                    item.reason[:60],
                ]
            )
        lines.append(table(rows))
    return "\n".join(lines)


def standing_json(s: Standing) -> dict[str, Any]:
    data = s.decision.as_dict()
    membership = standing_membership(s)
    data.update(
        {
            "membership": str(membership.kind),
            "membership_detail": membership.as_dict(),
            "partner": s.partner.slug,
            "as_of": s.as_of.isoformat(),
            "with_late": s.with_late,
            "missing_sentence": s.decision.missing_sentence(s.edition),
            "leaving": [{"by": x.by.isoformat(), "points": x.points} for x in s.leaving],
            "top_contributors": [
                {
                    "entry": c.entry_id,
                    "occurred_on": c.occurred_on.isoformat(),
                    "activity": c.activity,
                    "points": c.points,
                    "revenue_cents": c.revenue_cents,
                    "reason": c.reason,
                }
                for c in s.top_contributors
            ],
        }
    )
    return data


def review_text(result: ReviewResult, edition: Edition, limit: int = 200) -> str:
    head = (
        f"Review as of {result.as_of} (edition {result.edition_id})"
        + (" — dry run, nothing written" if result.dry_run else "")
        + f": {result.total} partners, {result.up} up, {result.down} down, {result.same} same"
    )
    if not result.changes:
        return head
    rows = [["partner", "name", "from", "to", "move"]]
    for c in result.changes[:limit]:
        rows.append(
            [
                c.slug,
                c.name[:40],
                level_name(edition, c.previous),
                level_name(edition, c.level),
                str(c.direction),
            ]
        )
    more = f"\n… and {len(result.changes) - limit} more" if len(result.changes) > limit else ""
    return head + "\n\n" + table(rows) + more
