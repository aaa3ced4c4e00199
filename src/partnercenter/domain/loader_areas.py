"""Reading the optional area sections of an edition: leads, directory, referrals, entitlements,
certification policy.

Each section has defaults (an edition without it still loads) and names every mistake by
field path, like the rest of the loader.
"""

from __future__ import annotations

from partnercenter.domain.program import (
    CertificationPolicy,
    Directory,
    Entitlements,
    Leads,
    Referrals,
)
from partnercenter.domain.reader import Problem, Table

MARKETING_PLACEMENTS = ("none", "medium", "high", "priority")


def read_leads(root: Table, level_codes: set[str]) -> Leads:
    """`[leads]`: answer time, open-lead cap, budget bands and the levels that share leads."""
    if "leads" not in root.data:
        root.seen.add("leads")
        return Leads()
    t = root.table("leads")
    answer_hours = t.int("answer_hours", minimum=1, default=1)
    cap = t.int("open_lead_cap", minimum=1, default=1)
    bands = t.str_list("budget_bands")
    for index, band in enumerate(bands):
        if not band or not band.replace("_", "").isalnum():
            t.problems.append(
                Problem(
                    f"{t.at('budget_bands')}[{index}]",
                    f"must use letters, digits and '_' only, not {band!r}",
                )
            )
    if len(set(bands)) != len(bands):
        t.problem("budget_bands", "must not name a band twice")
    share = t.str_list("share_levels", required=False)
    for index, lc in enumerate(share):
        if lc not in level_codes:
            t.problems.append(
                Problem(f"{t.at('share_levels')}[{index}]", f"names an unknown level {lc!r}")
            )
    t.done()
    return Leads(
        answer_hours=answer_hours,
        open_lead_cap=cap,
        budget_bands=tuple(bands),
        share_levels=frozenset(share),
    )


def read_directory(root: Table, benefit_codes: set[str]) -> Directory:
    """`[directory]`: who is listed and how the directory orders them (optional)."""
    if "directory" not in root.data:
        root.seen.add("directory")
        return Directory()
    t = root.table("directory")
    default = Directory()
    names: dict[str, str] = {}
    for key in ("listing_benefit", "featured_benefit", "logo_benefit"):
        names[key] = t.str(key, required=False, default=getattr(default, key))
        if key in t.data and names[key] not in benefit_codes:
            t.problem(key, f"names an unknown benefit {names[key]!r}")
    order = t.str_list("placement_order", required=False) or list(default.placement_order)
    if sorted(order) != sorted(MARKETING_PLACEMENTS):
        t.problem(
            "placement_order",
            f"must list each of {', '.join(MARKETING_PLACEMENTS)} once, not {order!r}",
        )
        order = list(default.placement_order)
    out = Directory(
        list_registered=t.bool("list_registered", required=False),
        listing_benefit=names["listing_benefit"],
        featured_benefit=names["featured_benefit"],
        logo_benefit=names["logo_benefit"],
        placement_order=tuple(order),
        page_size=t.int("page_size", required=False, default=default.page_size, minimum=1),
        featured_count=t.int(
            "featured_count", required=False, default=default.featured_count, minimum=0
        ),
        cache_seconds=t.int(
            "cache_seconds", required=False, default=default.cache_seconds, minimum=0
        ),
    )
    t.done()
    return out


def read_referrals(root: Table) -> Referrals:
    """`[referrals]`: expiry, fee base period, rounding and the hot criteria (optional table)."""
    if "referrals" not in root.data:
        root.seen.add("referrals")
        return Referrals()
    t = root.table("referrals")
    expiry_days = t.int("expiry_days", minimum=1, default=90)
    months = t.int("fee_base_months", minimum=1, default=12)
    rounding = t.choice("rounding", ("half_up",), default="half_up")
    criteria_t = t.table("hot_criteria")
    criteria: dict[str, str] = {}
    for code in list(criteria_t.data):
        label = criteria_t.str(code)
        if not code.replace("_", "").isalnum():
            criteria_t.problem(code, "must use letters, digits and '_' only")
        criteria[code] = label
    if not criteria and "hot_criteria" in t.data:
        t.problem("hot_criteria", "must name at least one criterion")
    criteria_t.done()
    t.done()
    return Referrals(
        expiry_days=expiry_days, fee_base_months=months, rounding=rounding, hot_criteria=criteria
    )


PLAN_CHANGE_RULES = ("new_quota_from_change",)
RESPONSE_CLOCKS = ("calendar",)


def read_entitlements(root: Table) -> Entitlements:
    """`[entitlements]`: how quotas, cancellations and the SLA clock count (optional section)."""
    if "entitlements" not in root.data:
        root.seen.add("entitlements")
        return Entitlements()
    t = root.table("entitlements")
    default = Entitlements()
    out = Entitlements(
        plan_change_rule=t.choice("plan_change_rule", PLAN_CHANGE_RULES)
        or default.plan_change_rule,
        meeting_cancel_hours=t.int("meeting_cancel_hours", minimum=0),
        response_clock=t.choice("response_clock", RESPONSE_CLOCKS) or default.response_clock,
    )
    t.done()
    return out


def read_certification_policy(root: Table) -> CertificationPolicy:
    """`[certification_policy]`: expiry reminder days and the level-drop warning (optional)."""
    if "certification_policy" not in root.data:
        root.seen.add("certification_policy")
        return CertificationPolicy()
    t = root.table("certification_policy")
    default = CertificationPolicy()
    days = t.int_list("expiry_reminder_days", required=False, minimum=1)
    if "expiry_reminder_days" in t.data and len(set(days)) != len(days):
        t.problem("expiry_reminder_days", "must not name a day twice")
    out = CertificationPolicy(
        expiry_reminder_days=tuple(sorted(set(days), reverse=True))
        if "expiry_reminder_days" in t.data
        else default.expiry_reminder_days,
        level_warning_days=t.int(
            "level_warning_days", required=False, default=default.level_warning_days, minimum=1
        ),
    )
    t.done()
    return out
