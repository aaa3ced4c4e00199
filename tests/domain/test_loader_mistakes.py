"""Broken copies of the shipped edition: each mistake is named by its exact field path."""

from __future__ import annotations

import pytest

from tests.domain.broken import SOURCE, broken_copy, problems_of

# --------------------------------------------------------------- broken copies

# (case id, fragment of the shipped file, replacement, exact field path, words of the message)
MISTAKES = [
    (
        "unknown-top-level-key",
        "[program]\n",
        'colour = "blue"\n\n[program]\n',
        "colour",
        "is not a known field",
    ),
    (
        "unknown-key-in-table",
        'currency = "USD"\n',
        'currency = "USD"\nedition_name = "x"\n',
        "program.edition_name",
        "is not a known field",
    ),
    (
        "unknown-key-in-level",
        'name = "Basic"\n',
        'name = "Basic"\nrequirments = 1\n',
        "levels[2].requirments",
        "is not a known field",
    ),
    (
        "unknown-key-in-cap",
        "max_total = 3\n",
        "max_total = 3\nmin_total = 1\n",
        "activities[9].cap.min_total",
        "is not a known field",
    ),
    (
        "string-for-int",
        "price_cents = 2500\n",
        'price_cents = "2500"\n',
        "plans[0].price_cents",
        "must be an integer, not a string",
    ),
    (
        "string-for-int-top",
        "[window]\n# Points and revenue count over the trailing months before the review date.\n"
        "months = 12\n",
        '[window]\nmonths = "12"\n',
        "window.months",
        "must be an integer",
    ),
    (
        "int-for-bool",
        "revenue_requirement_cents = 750000\nroadmap_requests = true\n",
        "revenue_requirement_cents = 750000\nroadmap_requests = 1\n",
        "plans[7].roadmap_requests",
        "must be true or false, not an integer",
    ),
    (
        "bool-for-int",
        "logo_days = 30\n",
        "logo_days = true\n",
        "grace.logo_days",
        "must be an integer, not a boolean",
    ),
    (
        "missing-required-field",
        'name = "Forum Post"\n',
        "",
        "activities[20].name",
        "is required",
    ),
    (
        "missing-required-table",
        "[grace]\nlogo_days = 30\n# Reminders before the logo deadline after a drop.\nlogo_reminder_days = [14, 3]\n",
        "",
        "grace",
        "is required",
    ),
    (
        "unordered-points",
        "points = 50000\n",
        "points = 15000\n",
        "levels[5].requirements.points",
        "lower than 20000 of levels[4] (silver)",
    ),
    (
        "unordered-revenue",
        "revenue_cents = 6000000\n",
        "revenue_cents = 1000000\n",
        "levels[6].requirements.revenue_cents",
        "thresholds must not decrease",
    ),
    (
        "unordered-certifications",
        "profile_certifications = 3\n",
        "profile_certifications = 1\n",
        "levels[6].requirements.profile_certifications",
        "lower than 2 of levels[5] (gold)",
    ),
    (
        "benefit-unknown-level",
        'name = "Co-marketing investment from 7x"\nlevels = ["gold", "platinum"]',
        'name = "Co-marketing investment from 7x"\nlevels = ["gold", "diamond"]',
        "benefits[10].levels[1]",
        "names an unknown level 'diamond'",
    ),
    (
        "duplicate-activity-code",
        'code = "press_release"\n',
        'code = "article"\n',
        "activities[15].code",
        "duplicate activity code 'article' (also at activities[14])",
    ),
    (
        "duplicate-plan-code",
        'code = "gold"\nname = "Gold Partner Plan"\n',
        'code = "silver"\nname = "Gold Partner Plan"\n',
        "plans[6].code",
        "duplicate plan code 'silver' (also at plans[5])",
    ),
    (
        "unknown-requirement-kind",
        "points = 4000\n",
        "pionts = 4000\n",
        "levels[2].requirements.pionts",
        "is not a known requirement kind",
    ),
    (
        "bad-choice",
        'unit = "usd"\ntracking = "monitored"\n',
        'unit = "usd"\ntracking = "magic"\n',
        "activities[0].tracking",
        "must be one of monitored, reported, system, not 'magic'",
    ),
    (
        "bad-choice-plan",
        'marketing_placement = "priority"\n',
        'marketing_placement = "top"\n',
        "plans[7].marketing_placement",
        "must be one of none, medium, high, priority",
    ),
    (
        "lead-priority-unknown-level",
        "starter = 5\n",
        "bronze = 5\n",
        "lead_priority.bronze",
        "names an unknown level 'bronze'",
    ),
    (
        "lead-priority-zero",
        "platinum = 1\n",
        "platinum = 0\n",
        "lead_priority.platinum",
        "must be at least 1",
    ),
    (
        "discount-unknown-level",
        "platinum = 25 }",
        "diamond = 25 }",
        "discounts[1].percent.diamond",
        "names an unknown level 'diamond'",
    ),
    (
        "discount-over-100",
        'platinum = 20 }\n\n[[discounts]]\ncode = "subscriptions"',
        'platinum = 120 }\n\n[[discounts]]\ncode = "subscriptions"',
        "discounts[0].percent.platinum",
        "must be at most 100",
    ),
    (
        "kop-unknown-level",
        'kick_off_package = ["student", "starter", "basic"]',
        'kick_off_package = ["student", "bronze", "basic"]',
        "discounts[2].kick_off_package[1]",
        "names an unknown level 'bronze'",
    ),
    (
        "cap-period-without-per-period",
        '[activities.cap]\nper_period = 1\nperiod = "month"\n',
        '[activities.cap]\nperiod = "month"\n',
        "activities[8].cap.per_period",
        "is required when period is set",
    ),
    (
        "cap-per-period-without-period",
        '[activities.cap]\nper_period = 1\nperiod = "month"\n',
        "[activities.cap]\nper_period = 1\n",
        "activities[8].cap.period",
        "is required when per_period is set",
    ),
    (
        "cap-bad-period",
        'per_period = 1\nperiod = "month"\n',
        'per_period = 1\nperiod = "week"\n',
        "activities[8].cap.period",
        "must be one of month, year",
    ),
    (
        "datetime-for-date",
        "effective_from = 2025-01-01\n",
        "effective_from = 2025-01-01T09:00:00\n",
        "program.effective_from",
        "must be a date without a time",
    ),
    (
        "quoted-date",
        "effective_from = 2025-01-01\n",
        'effective_from = "2025-01-01"\n',
        "program.effective_from",
        "must be a date (YYYY-MM-DD, unquoted), not a string",
    ),
    (
        "negative-points",
        "points = 10\n",
        "points = -10\n",
        "activities[20].points",
        "must be at least 0, not -10",
    ),
    (
        "negative-threshold",
        "points = 3000\n",
        "points = -3000\n",
        "levels[1].requirements.points",
        "must be at least 0, not -3000",
    ),
    (
        "certification-unknown-activity",
        'name = "Developer"\nkind = "profile"\nactivity = "certification"',
        'name = "Developer"\nkind = "profile"\nactivity = "certificate"',
        "certifications[0].activity",
        "names an unknown activity 'certificate'",
    ),
    (
        "certification-bad-kind",
        'name = "Sales"\nkind = "sales"',
        'name = "Sales"\nkind = "marketing"',
        "certifications[3].kind",
        "must be one of profile, sales",
    ),
    (
        "response-hours-missing",
        "response_hours = 36\n",
        "",
        "plans[2].response_hours",
        "is required",
    ),
    (
        "response-hours-with-community",
        'code = "now"\nname = "Now Partner Plan"\n',
        'code = "now"\nname = "Now Partner Plan"\nresponse_hours = 48\n',
        "plans[1].response_hours",
        'must be left out when response = "community"',
    ),
    (
        "points-path-unknown-level",
        'points_path_level = "professional"',
        'points_path_level = "pro"',
        "membership.points_path_level",
        "names an unknown level 'pro'",
    ),
    (
        "program-fee-unknown-plan",
        'program_fee_plan = "now"',
        'program_fee_plan = "later"',
        "membership.program_fee_plan",
        "names an unknown plan 'later'",
    ),
    (
        "review-day-29",
        "day_of_month = 1\n",
        "day_of_month = 29\n",
        "review.day_of_month",
        "must be between 1 and 28",
    ),
    (
        "currency-lowercase",
        'currency = "USD"',
        'currency = "usd"',
        "program.currency",
        "3-letter ISO code",
    ),
    (
        "empty-name",
        'name = "Forum Post"\n',
        'name = ""\n',
        "activities[20].name",
        "must not be empty",
    ),
    (
        "bad-code-characters",
        'code = "press_release"\n',
        'code = "press release"\n',
        "activities[15].code",
        "letters, digits and underscores only",
    ),
    (
        "table-instead-of-list",
        '[[profiles]]\ncode = "it"',
        '[[profiles]]\ncode = ["it"]',
        "profiles[0].code",
        "must be a string, not a list",
    ),
    (
        "entitlements-business-hours",
        'response_clock = "calendar"',
        'response_clock = "business"',
        "entitlements.response_clock",
        "must be one of calendar",
    ),
    (
        "entitlements-unknown-plan-change-rule",
        'plan_change_rule = "new_quota_from_change"',
        'plan_change_rule = "prorate"',
        "entitlements.plan_change_rule",
        "must be one of new_quota_from_change",
    ),
    (
        "entitlements-negative-cancel-hours",
        "meeting_cancel_hours = 24",
        "meeting_cancel_hours = -1",
        "entitlements.meeting_cancel_hours",
        "must be at least 0",
    ),
    (
        "entitlements-unknown-field",
        "meeting_cancel_hours = 24",
        "meeting_cancel_hours = 24\nmeeting_cancel_days = 1",
        "entitlements.meeting_cancel_days",
        "is not a known field",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in MISTAKES],
)
def test_mistake_is_named_by_field_path(
    edition_text: str, old: str, new: str, path: str, words: str
) -> None:
    error = problems_of(broken_copy(edition_text, old, new))

    assert [p.path for p in error.problems] == [path], error.describe()
    assert words in error.problems[0].message
    assert f"{SOURCE}: {path}: " in str(error)


def test_many_kinds_of_mistake_are_covered() -> None:
    assert len({case[3] for case in MISTAKES}) >= 12
