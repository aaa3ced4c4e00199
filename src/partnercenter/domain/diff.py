"""What changed between two editions, in words a program manager reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import REQUIREMENT_KINDS


def _show(value: Any) -> str:
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(value)) + "]" if value else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "none"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _fields(old: Any, new: Any, what: str, skip: Iterable[str] = ()) -> list[str]:
    out = []
    for f in dataclasses.fields(old):
        if f.name in skip:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out.append(f"{what}: {f.name.replace('_', ' ')} {_show(a)} → {_show(b)}")
    return out


def _by_code(
    old: Sequence[Any], new: Sequence[Any], section: str, changed: Callable[[Any, Any], list[str]]
) -> list[str]:
    out: list[str] = []
    before = {x.code: x for x in old}
    after = {x.code: x for x in new}
    for code in after:
        if code not in before:
            out.append(f"{section}: added {after[code].name} ({code})")
    for code in before:
        if code not in after:
            out.append(f"{section}: removed {before[code].name} ({code})")
    for code in before:
        if code in after and before[code] != after[code]:
            out.extend(changed(before[code], after[code]))
    return out


def _requirements(old: Any, new: Any) -> list[str]:
    out = _fields(old, new, f"Level {new.name}", skip=("requirements", "rank"))
    a = {r.kind: r.needed for r in old.requirements}
    b = {r.kind: r.needed for r in new.requirements}
    for kind in sorted(set(a) | set(b)):
        fmt = REQUIREMENT_KINDS[kind].amount
        label = REQUIREMENT_KINDS[kind].label.lower()
        if kind not in a:
            out.append(f"Level {new.name}: now requires {label} {fmt(b[kind])}")
        elif kind not in b:
            out.append(f"Level {new.name}: no longer requires {label} (was {fmt(a[kind])})")
        elif a[kind] != b[kind]:
            out.append(f"Level {new.name}: {label} {fmt(a[kind])} → {fmt(b[kind])}")
    return out


def _mapping(old: Mapping[str, int], new: Mapping[str, int], what: str) -> list[str]:
    return [
        f"{what} for {key}: {_show(old.get(key))} → {_show(new.get(key))}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def _discount(old: Any, new: Any) -> list[str]:
    out = _fields(old, new, f"Discount {new.name}", skip=("percent",))
    out += _mapping(old.percent, new.percent, f"Discount {new.name} (percent)")
    return out


def diff_editions(old: Edition, new: Edition) -> list[str]:
    """Every difference that matters to partners, one sentence each; [] when the rules are equal."""
    out: list[str] = []
    for name in (
        "program_name",
        "currency",
        "window_months",
        "review_cadence",
        "review_day_of_month",
        "logo_grace_days",
        "logo_reminder_days",
        "referral_cold_percent",
        "referral_hot_percent",
    ):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(f"Program: {name.replace('_', ' ')} {_show(a)} → {_show(b)}")
    out += _fields(old.membership, new.membership, "Membership")
    out += _fields(old.billing, new.billing, "Billing")
    out += _fields(old.kick_off_package, new.kick_off_package, "Kick-Off Package")
    out += _fields(old.referrals, new.referrals, "Referrals", skip=("hot_criteria",))
    out += [
        f"Referrals: hot criterion {k} {old.referrals.hot_criteria.get(k) or 'none'}"
        f" → {new.referrals.hot_criteria.get(k) or 'none'}"
        for k in sorted(set(old.referrals.hot_criteria) | set(new.referrals.hot_criteria))
        if old.referrals.hot_criteria.get(k) != new.referrals.hot_criteria.get(k)
    ]
    out += _fields(old.entitlements, new.entitlements, "Entitlements")
    out += _fields(old.certification_policy, new.certification_policy, "Certification policy")
    old_order = [lv.code for lv in old.levels]
    new_order = [lv.code for lv in new.levels]
    common = [c for c in new_order if c in old_order]
    if [c for c in old_order if c in new_order] != common:
        out.append(f"Levels: order {', '.join(old_order)} → {', '.join(new_order)}")
    out += _by_code(old.levels, new.levels, "Levels", _requirements)
    out += _by_code(
        old.profiles, new.profiles, "Profiles", lambda a, b: _fields(a, b, f"Profile {b.name}")
    )
    out += _by_code(
        old.activities,
        new.activities,
        "Activities",
        lambda a, b: _fields(a, b, f"Activity {b.name}"),
    )
    out += _by_code(
        old.certifications,
        new.certifications,
        "Certifications",
        lambda a, b: _fields(a, b, f"Certification {b.name}"),
    )
    out += _by_code(old.plans, new.plans, "Plans", lambda a, b: _fields(a, b, f"Plan {b.name}"))
    out += _by_code(old.benefits, new.benefits, "Benefits", _benefit)
    out += _mapping(old.lead_priority, new.lead_priority, "Lead priority")
    out += _by_code(old.discounts, new.discounts, "Discounts", _discount)
    out += _fields(old.leads, new.leads, "Leads")
    if old.directory != new.directory:
        out += _fields(old.directory, new.directory, "Directory")
    for source in sorted(set(old.hooks) | set(new.hooks)):
        out += [
            f"Hook {source}: {line}"
            for line in _mapping_str(old.hooks.get(source, {}), new.hooks.get(source, {}))
        ]
    return out


def _benefit(old: Any, new: Any) -> list[str]:
    out = _fields(old, new, f"Benefit {new.name}", skip=("levels",))
    for level in sorted(new.levels - old.levels):
        out.append(f"Benefit {new.name}: now for {level}")
    for level in sorted(old.levels - new.levels):
        out.append(f"Benefit {new.name}: no longer for {level}")
    return out


def _mapping_str(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    return [
        f"event {key}: {old.get(key) or 'none'} → {new.get(key) or 'none'}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]
