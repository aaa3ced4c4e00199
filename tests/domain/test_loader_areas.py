"""The optional area sections of an edition ([leads], [directory], [referrals],
[entitlements]): read with their defaults, every mistake named by field path."""

from __future__ import annotations

import pytest

from partnercenter.domain.loader import ProgramFileError, parse_edition
from partnercenter.domain.program import Edition
from tests.domain.broken import SOURCE, broken_copy, problems_of
from tests.domain.shipped import EDITION_PATH

# ------------------------------------------------------------------------ [leads]


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("answer_hours = 48", "answer_hours = 0", "leads.answer_hours"),
        ("open_lead_cap = 25", 'open_lead_cap = "25"', "leads.open_lead_cap"),
        (
            'budget_bands = ["under_10k", "10k_50k", "50k_250k", "over_250k"]',
            'budget_bands = ["under_10k", "10k-50k"]',
            "leads.budget_bands[1]",
        ),
        (
            'share_levels = ["silver", "gold", "platinum"]',
            'share_levels = ["silver", "diamond"]',
            "leads.share_levels[1]",
        ),
        ("open_lead_cap = 25", "open_lead_cap = 25\nanswer_days = 2", "leads.answer_days"),
    ],
)
def test_leads_section_mistakes_are_named(edition_text: str, old: str, new: str, path: str) -> None:
    error = problems_of(broken_copy(edition_text, old, new))
    assert [p.path for p in error.problems] == [path]


def test_leads_section_is_read(edition: Edition) -> None:
    assert edition.leads.answer_hours == 48
    assert edition.leads.open_lead_cap == 25
    assert edition.leads.budget_bands == ("under_10k", "10k_50k", "50k_250k", "over_250k")
    assert edition.leads.share_levels == frozenset({"silver", "gold", "platinum"})


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("list_registered = false", 'list_registered = "no"', "directory.list_registered"),
        (
            'listing_benefit = "self_managed_page"',
            'listing_benefit = "page"',
            "directory.listing_benefit",
        ),
        (
            'featured_benefit = "extra_visibility"',
            'featured_benefit = "vip"',
            "directory.featured_benefit",
        ),
        (
            'placement_order = ["priority", "high", "medium", "none"]',
            'placement_order = ["priority", "high"]',
            "directory.placement_order",
        ),
        ("page_size = 20", "page_size = 0", "directory.page_size"),
        (
            "cache_seconds = 300",
            "cache_seconds = 300\ncache_minutes = 5",
            "directory.cache_minutes",
        ),
    ],
)
def test_directory_section_is_checked(old: str, new: str, path: str) -> None:
    text = EDITION_PATH.read_text()
    assert text.count(old) == 1
    with pytest.raises(ProgramFileError) as caught:
        parse_edition(text.replace(old, new), "broken.toml")
    assert [p.path for p in caught.value.problems] == [path]


def test_directory_section_is_read_and_optional() -> None:
    text = EDITION_PATH.read_text()
    edition = parse_edition(text)
    assert edition.directory.list_registered is False
    assert edition.directory.placement_order == ("priority", "high", "medium", "none")
    without = parse_edition(text[: text.index("[directory]")])
    assert without.directory == edition.directory


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("expiry_days = 90", "expiry_days = 0", "referrals.expiry_days"),
        ("fee_base_months = 12", 'fee_base_months = "12"', "referrals.fee_base_months"),
        ('rounding = "half_up"', 'rounding = "bankers"', "referrals.rounding"),
        ("joint_call = ", "joint_call = 1\nx = ", "referrals.hot_criteria.joint_call"),
        ("expiry_days = 90", "expiry_days = 90\nexpiry = 3", "referrals.expiry"),
    ],
)
def test_referral_terms_are_checked(old: str, new: str, path: str) -> None:
    text = EDITION_PATH.read_text()
    assert old in text
    with pytest.raises(ProgramFileError) as caught:
        parse_edition(text.replace(old, new, 1), "broken.toml")
    assert [p.path for p in caught.value.problems] == [path]


def test_an_edition_without_referrals_has_the_defaults() -> None:
    text = EDITION_PATH.read_text()
    edition = parse_edition(text[: text.index("[referrals]")])
    assert edition.referrals.expiry_days == 90 and not edition.referrals.hot_criteria


def test_entitlements_section_is_read_and_optional(edition_text: str, edition: Edition) -> None:
    assert edition.entitlements.plan_change_rule == "new_quota_from_change"
    assert edition.entitlements.meeting_cancel_hours == 24
    assert edition.entitlements.response_clock == "calendar"
    head = edition_text.split("[entitlements]")[0]
    assert parse_edition(head, SOURCE).entitlements == edition.entitlements


# ---------------------------------------------------------- [certification_policy]


def test_certification_policy_is_read_and_optional(edition_text: str, edition: Edition) -> None:
    assert edition.certification_policy.expiry_reminder_days == (60, 14)
    assert edition.certification_policy.level_warning_days == 14
    head = edition_text.split("[certification_policy]")[0]
    assert parse_edition(head, SOURCE).certification_policy == edition.certification_policy


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "expiry_reminder_days = [60, 14]",
            "expiry_reminder_days = [60, 0]",
            "certification_policy.expiry_reminder_days[1]",
        ),
        (
            "expiry_reminder_days = [60, 14]",
            'expiry_reminder_days = [60, "14"]',
            "certification_policy.expiry_reminder_days[1]",
        ),
        (
            "expiry_reminder_days = [60, 14]",
            "expiry_reminder_days = [14, 14]",
            "certification_policy.expiry_reminder_days",
        ),
        (
            "level_warning_days = 14",
            "level_warning_days = 0",
            "certification_policy.level_warning_days",
        ),
        (
            "level_warning_days = 14",
            "level_warning_days = 14\nwarning_days = 7",
            "certification_policy.warning_days",
        ),
    ],
)
def test_certification_policy_mistakes_are_named(
    edition_text: str, old: str, new: str, path: str
) -> None:
    error = problems_of(broken_copy(edition_text, old, new))
    assert [p.path for p in error.problems] == [path]


def test_certification_policy_days_are_kept_longest_first(edition_text: str) -> None:
    text = broken_copy(
        edition_text, "expiry_reminder_days = [60, 14]", "expiry_reminder_days = [7, 30]"
    )
    assert parse_edition(text, SOURCE).certification_policy.expiry_reminder_days == (30, 7)


def test_program_diff_names_a_changed_certification_policy(edition_text: str) -> None:
    from partnercenter.domain.diff import diff_editions

    old = parse_edition(edition_text, SOURCE)
    new = parse_edition(
        broken_copy(edition_text, "level_warning_days = 14", "level_warning_days = 21"), SOURCE
    )
    assert diff_editions(old, new) == ["Certification policy: level warning days 14 → 21"]


# ------------------------------------------------------------ [[benefits]] service


def test_service_benefits_are_read_with_a_default_of_false(edition: Edition) -> None:
    services = {b.code for b in edition.benefits if b.service}
    assert "co_marketing" in services and "oem" in services
    assert "partner_logo" not in services and "extra_visibility" not in services


def test_a_service_flag_that_is_not_a_boolean_is_named(edition_text: str) -> None:
    old = 'name = "OEM opportunities"\n'
    text = edition_text.replace("\nservice = true", '\nservice = "yes"', 1)
    assert old in text
    error = problems_of(text)
    assert [p.path for p in error.problems] == ["benefits[0].service"]
