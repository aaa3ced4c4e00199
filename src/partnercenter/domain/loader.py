"""Read a program edition from TOML and validate it, naming every mistake by field path.

`load_edition(path)` and `parse_edition(text, source)` return an `Edition` or raise
`ProgramFileError`, whose `problems` each carry the field path (such as
`levels[3].requirements.points`) and what is wrong. All problems of a file are
collected before raising, so one run of `program check` shows them all.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from partnercenter.domain.loader_areas import (
    MARKETING_PLACEMENTS,
    read_certification_policy,
    read_directory,
    read_entitlements,
    read_leads,
    read_referrals,
)
from partnercenter.domain.program import (
    Activity,
    ActivityCap,
    Benefit,
    Billing,
    CertificationKind,
    CertificationType,
    Discount,
    Edition,
    KickOffPackage,
    Level,
    Membership,
    Per,
    Plan,
    Profile,
    Requirement,
    Tracking,
    Unit,
)
from partnercenter.domain.reader import Problem, ProgramFileError, Table, check_unique, read_code
from partnercenter.domain.requirements import REQUIREMENT_KINDS

__all__ = ["Problem", "ProgramFileError", "load_edition", "parse_edition"]

PERIODS = ("week", "month", "quarter", "year")
CAP_PERIODS = ("month", "year")
INSTALLATION_SUPPORT = ("none", "basic")
HOOK_SOURCES = ("community", "github", "store")


def parse_edition(text: str, source: str = "<program>") -> Edition:
    """Parse and validate the TOML text of an edition; raise ProgramFileError listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgramFileError(source, [Problem("(file)", f"is not valid TOML: {exc}")]) from None
    problems: list[Problem] = []
    root = Table(raw, "", problems)
    edition = _read(root, problems)
    if problems:
        raise ProgramFileError(source, problems)
    assert edition is not None
    return edition


def load_edition(path: str | Path) -> Edition:
    """Read and validate an edition file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProgramFileError(
            str(p), [Problem("(file)", f"cannot be read: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise ProgramFileError(str(p), [Problem("(file)", "is not UTF-8 text")]) from None
    return parse_edition(text, str(p))


def _read(root: Table, problems: list[Problem]) -> Edition | None:
    program = root.table("program")
    program_id = _code_value(program, "id")
    program_name = program.str("name")
    vendor = program.str("vendor")
    edition_id = program.str("edition")
    effective_from = program.date("effective_from")
    currency = program.str("currency")
    if currency and (len(currency) != 3 or not currency.isupper()):
        program.problem("currency", f"must be a 3-letter ISO code such as USD, not {currency!r}")
    program.done()

    window = root.table("window")
    window_months = window.int("months", minimum=1)
    window.done()

    review = root.table("review")
    cadence = review.choice("cadence", ("monthly",))
    review_day = review.int("day_of_month", minimum=1)
    if review_day > 28:
        review.problem(
            "day_of_month", f"must be between 1 and 28 so every month has it, not {review_day}"
        )
    review.done()

    profiles = []
    for t in root.tables("profiles"):
        profiles.append(
            Profile(code=read_code(t), name=t.str("name"), description=t.str("description"))
        )
        t.done()
    check_unique(profiles, lambda p: p.code, "profiles", "profile", problems)

    levels = _read_levels(root, problems)
    level_codes = {level.code for level in levels}

    activities = _read_activities(root, problems)
    activity_codes = {a.code for a in activities}

    certifications = []
    for t in root.tables("certifications"):
        code = read_code(t)
        name = t.str("name")
        kind = t.choice("kind", tuple(k.value for k in CertificationKind))
        activity = t.str("activity")
        if activity and activity not in activity_codes:
            t.problem("activity", f"names an unknown activity {activity!r}")
        certifications.append(
            CertificationType(
                code=code, name=name, kind=CertificationKind(kind or "profile"), activity=activity
            )
        )
        t.done()
    check_unique(certifications, lambda c: c.code, "certifications", "certification", problems)

    plans = _read_plans(root, problems)

    membership_t = root.table("membership")
    membership = Membership(
        program_fee_cents=membership_t.int("program_fee_cents"),
        program_fee_plan=membership_t.str("program_fee_plan"),
        program_fee_period=membership_t.choice("program_fee_period", PERIODS),
        program_fee_period_below_points_path=membership_t.choice(
            "program_fee_period_below_points_path", PERIODS
        ),
        points_path_points=membership_t.int("points_path_points"),
        points_path_level=membership_t.str("points_path_level"),
        validity_months=membership_t.int("validity_months", minimum=1),
        termination_notice_days=membership_t.int("termination_notice_days"),
        grace_days=membership_t.int("grace_days"),
        renewal_reminder_days=tuple(membership_t.int_list("renewal_reminder_days", minimum=1)),
        terminated_access_months=membership_t.int("terminated_access_months"),
    )
    if membership.program_fee_plan and membership.program_fee_plan not in {p.code for p in plans}:
        membership_t.problem(
            "program_fee_plan", f"names an unknown plan {membership.program_fee_plan!r}"
        )
    if membership.points_path_level and membership.points_path_level not in level_codes:
        membership_t.problem(
            "points_path_level", f"names an unknown level {membership.points_path_level!r}"
        )
    membership_t.done()

    grace = root.table("grace")
    logo_days = grace.int("logo_days")
    logo_reminder_days = tuple(grace.int_list("logo_reminder_days", minimum=1))
    grace.done()

    billing_t = root.table("billing")
    billing = Billing(
        plan_change=billing_t.choice("plan_change", ("next_period",)),
        invoice_due_days=billing_t.int("invoice_due_days"),
        invoice_reminder_days=tuple(billing_t.int_list("invoice_reminder_days", minimum=1)),
        payment_grace_days=billing_t.int("payment_grace_days"),
    )
    billing_t.done()

    referral = root.table("referral_fees")
    cold = referral.int("cold_percent")
    hot = referral.int("hot_percent")
    for key, value in (("cold_percent", cold), ("hot_percent", hot)):
        if value > 100:
            referral.problem(key, f"must be at most 100, not {value}")
    referral.done()

    kop_t = root.table("kick_off_package")
    kop = KickOffPackage(
        price_cents=kop_t.int("price_cents"),
        discount_percent=kop_t.int("discount_percent"),
        activity=kop_t.str("activity"),
    )
    if kop.activity and kop.activity not in activity_codes:
        kop_t.problem("activity", f"names an unknown activity {kop.activity!r}")
    kop_t.done()

    benefits = []
    for t in root.tables("benefits"):
        code = read_code(t)
        name = t.str("name")
        levels_of = t.str_list("levels")
        for index, lc in enumerate(levels_of):
            if lc not in level_codes:
                problems.append(
                    Problem(f"{t.at('levels')}[{index}]", f"names an unknown level {lc!r}")
                )
        service = t.bool("service", required=False, default=False)
        benefits.append(Benefit(code=code, name=name, levels=frozenset(levels_of), service=service))
        t.done()
    check_unique(benefits, lambda b: b.code, "benefits", "benefit", problems)

    lead_t = root.table("lead_priority")
    lead_priority: dict[str, int] = {}
    for lc in list(lead_t.data):
        if lc not in level_codes:
            lead_t.seen.add(lc)
            lead_t.problem(lc, f"names an unknown level {lc!r}")
            continue
        lead_priority[lc] = lead_t.int(lc, minimum=1)
    lead_t.done()

    discounts = []
    for t in root.tables("discounts"):
        code = read_code(t)
        name = t.str("name")
        percent_t = t.table("percent")
        percent: dict[str, int] = {}
        for lc in list(percent_t.data):
            if lc not in level_codes:
                percent_t.seen.add(lc)
                percent_t.problem(lc, f"names an unknown level {lc!r}")
                continue
            percent[lc] = percent_t.int(lc)
            if percent[lc] > 100:
                percent_t.problem(lc, f"must be at most 100, not {percent[lc]}")
        percent_t.done()
        kop_levels = t.str_list("kick_off_package", required=False)
        for index, lc in enumerate(kop_levels):
            if lc not in level_codes:
                problems.append(
                    Problem(
                        f"{t.at('kick_off_package')}[{index}]", f"names an unknown level {lc!r}"
                    )
                )
        discounts.append(
            Discount(code=code, name=name, percent=percent, kick_off_package=frozenset(kop_levels))
        )
        t.done()
    check_unique(discounts, lambda d: d.code, "discounts", "discount", problems)

    hooks = _read_hooks(root, activity_codes)
    leads = read_leads(root, level_codes)
    directory = read_directory(root, {b.code for b in benefits})
    referrals = read_referrals(root)
    entitlements = read_entitlements(root)
    certification_policy = read_certification_policy(root)
    root.done()

    if problems:
        return None
    return Edition(
        program_id=program_id,
        program_name=program_name,
        vendor=vendor,
        edition_id=edition_id,
        effective_from=effective_from,
        currency=currency,
        window_months=window_months,
        review_cadence=cadence,
        review_day_of_month=review_day,
        membership=membership,
        logo_grace_days=logo_days,
        logo_reminder_days=logo_reminder_days,
        billing=billing,
        referral_cold_percent=cold,
        referral_hot_percent=hot,
        kick_off_package=kop,
        profiles=tuple(profiles),
        levels=tuple(levels),
        activities=tuple(activities),
        certifications=tuple(certifications),
        plans=tuple(plans),
        benefits=tuple(benefits),
        lead_priority=lead_priority,
        discounts=tuple(discounts),
        hooks=hooks,
        leads=leads,
        directory=directory,
        referrals=referrals,
        entitlements=entitlements,
        certification_policy=certification_policy,
    )


def _code_value(t: Table, key: str) -> str:
    value = t.str(key)
    if value and not value.replace("_", "").replace("-", "").isalnum():
        t.problem(key, f"must use letters, digits, '-' and '_' only, not {value!r}")
    return value


def _read_levels(root: Table, problems: list[Problem]) -> list[Level]:
    levels: list[Level] = []
    for rank, t in enumerate(root.tables("levels")):
        code = read_code(t)
        name = t.str("name")
        category = t.str("category")
        description = t.str("description", required=False)
        certified = t.bool("certified", required=False)
        req_t = t.table("requirements")
        requirements = []
        for kind_code in list(req_t.data):
            kind = REQUIREMENT_KINDS.get(kind_code)
            if kind is None:
                req_t.seen.add(kind_code)
                req_t.problem(
                    kind_code,
                    f"is not a known requirement kind (known: {', '.join(sorted(REQUIREMENT_KINDS))})",
                )
                continue
            if kind.boolean:
                if req_t.bool(kind_code):
                    requirements.append(Requirement(kind_code, 1))
            else:
                requirements.append(Requirement(kind_code, req_t.int(kind_code)))
        req_t.done()
        t.done()
        levels.append(
            Level(
                code=code,
                name=name,
                category=category,
                description=description,
                certified=certified,
                rank=rank,
                requirements=tuple(requirements),
            )
        )
    check_unique(levels, lambda lv: lv.code, "levels", "level", problems)
    if not levels and "levels" in root.data:
        problems.append(Problem("levels", "must list at least one level"))
    # A higher level may not ask for less of any numeric requirement than a lower one.
    highest: dict[str, tuple[int, int]] = {}
    for index, level in enumerate(levels):
        for req in level.requirements:
            if REQUIREMENT_KINDS[req.kind].boolean:
                continue
            if req.kind in highest and req.needed < highest[req.kind][0]:
                prev_needed, prev_index = highest[req.kind]
                problems.append(
                    Problem(
                        f"levels[{index}].requirements.{req.kind}",
                        f"is {req.needed}, lower than {prev_needed} of levels[{prev_index}] "
                        f"({levels[prev_index].code}); thresholds must not decrease up the levels",
                    )
                )
            else:
                highest[req.kind] = (req.needed, index)
    return levels


def _read_activities(root: Table, problems: list[Problem]) -> list[Activity]:
    activities = []
    for t in root.tables("activities"):
        code = read_code(t)
        name = t.str("name")
        points = t.int("points")
        minimum = t.bool("minimum", required=False)
        tracking = t.choice("tracking", tuple(x.value for x in Tracking))
        per = t.choice("per", tuple(x.value for x in Per), required=False, default="partner")
        unit = t.choice("unit", tuple(x.value for x in Unit), required=False, default="each")
        cap = None
        if "cap" in t.data:
            cap_t = t.table("cap")
            cap = ActivityCap(
                per_period=cap_t.int("per_period", required=False, default=0, minimum=1) or None,
                period=cap_t.choice("period", CAP_PERIODS, required=False) or None,
                max_total=cap_t.int("max_total", required=False, default=0, minimum=1) or None,
            )
            has = {key for key in ("per_period", "period", "max_total") if key in cap_t.data}
            if "period" in has and "per_period" not in has:
                cap_t.problem("per_period", "is required when period is set")
            elif "per_period" in has and "period" not in has:
                cap_t.problem("period", "is required when per_period is set")
            elif not has:
                problems.append(Problem(cap_t.path, "must set per_period and period, or max_total"))
            cap_t.done()
        t.done()
        activities.append(
            Activity(
                code=code,
                name=name,
                points=points,
                minimum=minimum,
                tracking=Tracking(tracking or "reported"),
                per=Per(per or "partner"),
                unit=Unit(unit or "each"),
                cap=cap,
            )
        )
    check_unique(activities, lambda a: a.code, "activities", "activity", problems)
    return activities


def _read_plans(root: Table, problems: list[Problem]) -> list[Plan]:
    plans = []
    for t in root.tables("plans"):
        response = t.choice("response", ("community", "hours"))
        hours = t.int("response_hours", required=response == "hours", default=0, minimum=1)
        if response == "community" and "response_hours" in t.data:
            t.problem("response_hours", 'must be left out when response = "community"')
        plans.append(
            Plan(
                code=read_code(t),
                name=t.str("name"),
                price_cents=t.int("price_cents"),
                tickets=t.int("tickets"),
                tickets_period=t.choice("tickets_period", PERIODS),
                response=response,
                response_hours=hours if response == "hours" else None,
                installation_support=t.choice("installation_support", INSTALLATION_SUPPORT),
                guidance_meetings=t.int("guidance_meetings"),
                guidance_period=t.choice("guidance_period", PERIODS),
                guidance_note=t.str("guidance_note", required=False),
                revenue_requirement_cents=t.int("revenue_requirement_cents"),
                roadmap_requests=t.bool("roadmap_requests"),
                marketing_placement=t.choice("marketing_placement", MARKETING_PLACEMENTS),
            )
        )
        t.done()
    check_unique(plans, lambda p: p.code, "plans", "plan", problems)
    return plans


def _read_hooks(root: Table, activity_codes: set[str]) -> dict[str, dict[str, str]]:
    """`[hooks.<source>]` maps a sender's event type to an activity code."""
    hooks: dict[str, dict[str, str]] = {}
    if "hooks" not in root.data:
        root.seen.add("hooks")
        return hooks
    hooks_t = root.table("hooks")
    for source in list(hooks_t.data):
        if source not in HOOK_SOURCES:
            hooks_t.seen.add(source)
            hooks_t.problem(source, f"is not a known source (known: {', '.join(HOOK_SOURCES)})")
            continue
        source_t = hooks_t.table(source)
        mapping: dict[str, str] = {}
        for event in list(source_t.data):
            activity = source_t.str(event)
            if activity and activity not in activity_codes:
                source_t.problem(event, f"names an unknown activity {activity!r}")
            mapping[event] = activity
        source_t.done()
        hooks[source] = mapping
    hooks_t.done()
    return hooks
