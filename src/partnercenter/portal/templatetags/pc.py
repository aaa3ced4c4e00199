"""Number formatting for the portal and the back office (no floats for money)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def num(value: object) -> str:
    """1234567 → "1,234,567"."""
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""


@register.filter
def signed(value: object) -> str:
    """1234 → "+1,234"; -50 → "−50"."""
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f"+{n:,}" if n > 0 else f"−{-n:,}" if n < 0 else "0"


@register.filter
def usd(cents: object) -> str:
    """Integer cents as "USD 1,234.50" (whole dollars without the cents)."""
    try:
        n = int(cents)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    sign = "−" if n < 0 else ""
    dollars, rest = divmod(abs(n), 100)
    return f"{sign}USD {dollars:,}" + (f".{rest:02d}" if rest else "")


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`mapping|get_item:key` for dict look-ups with a variable key."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag
def ledger_rows(entries: object, names: object) -> str:
    """`{% ledger_rows entries activity_names %}`: the rows of a ledger table, built in Python."""
    from partnercenter.standing.tables import ledger_rows_html

    return ledger_rows_html(entries, names if isinstance(names, dict) else {})  # type: ignore[arg-type]
