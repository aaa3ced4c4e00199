"""Reading one cell: each function returns the value or adds (field, message) to `problems`.

Messages say what is wrong and what is expected, so a refused row can be fixed from the
report alone.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django_countries import countries

Problems = list[tuple[str, str]]

TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0", ""}


def required(problems: Problems, row: dict[str, str], field: str, *, max_length: int) -> str:
    """A non-empty text of at most `max_length` characters."""
    value = row[field]
    if not value:
        problems.append((field, "Required."))
    elif len(value) > max_length:
        problems.append((field, f"At most {max_length} characters, not {len(value)}."))
    return value


def optional_text(problems: Problems, row: dict[str, str], field: str, *, max_length: int) -> str:
    value = row[field]
    if len(value) > max_length:
        problems.append((field, f"At most {max_length} characters, not {len(value)}."))
    return value


def slug(problems: Problems, row: dict[str, str], field: str) -> str:
    value = required(problems, row, field, max_length=100)
    if value:
        try:
            validate_slug(value)
        except ValidationError:
            problems.append(
                (field, f"{value!r} is not a slug: use letters, digits, hyphens and underscores.")
            )
    return value


def a_date(
    problems: Problems, row: dict[str, str], field: str, *, optional: bool = False
) -> date | None:
    """A date written YYYY-MM-DD."""
    value = row[field]
    if not value:
        if not optional:
            problems.append((field, "Required: a date written YYYY-MM-DD."))
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        problems.append((field, f"{value!r} is not a date written YYYY-MM-DD."))
        return None


def not_future(problems: Problems, field: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        problems.append((field, f"{day} is in the future; history only."))


def boolean(problems: Problems, row: dict[str, str], field: str) -> bool:
    value = row[field].lower()
    if value in TRUE:
        return True
    if value not in FALSE:
        problems.append((field, f"{row[field]!r} is not true or false."))
    return False


def integer(
    problems: Problems, row: dict[str, str], field: str, *, minimum: int | None = None
) -> int | None:
    """A whole number (no separators), or None when the cell is empty."""
    value = row[field]
    if not value:
        return None
    try:
        number = int(value)
        if abs(number) > 10**12:
            raise ValueError
    except ValueError:
        problems.append((field, f"{value!r} is not a whole number."))
        return None
    if minimum is not None and number < minimum:
        problems.append((field, f"At least {minimum}, not {number}."))
        return None
    return number


def email(problems: Problems, row: dict[str, str], field: str, *, optional: bool = False) -> str:
    value = row[field]
    if not value:
        if not optional:
            problems.append((field, "Required: an email address."))
        return ""
    try:
        if len(value) > 254:
            raise ValidationError("too long")
        validate_email(value)
    except ValidationError:
        problems.append((field, f"{value!r} is not an email address."))
        return ""
    return value


def country(problems: Problems, row: dict[str, str], field: str) -> str:
    """An ISO 3166-1 alpha-2 code (any case; stored upper-case), or empty."""
    value = row[field].upper()
    if value and value not in countries:
        problems.append(
            (field, f"{row[field]!r} is not an ISO 3166 alpha-2 country code (e.g. DE).")
        )
        return ""
    return value


def website(problems: Problems, row: dict[str, str], field: str) -> str:
    value = row[field]
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            problems.append((field, f"{value!r} is not a web address (https://…)."))
            return ""
        if len(value) > 200:
            problems.append((field, "At most 200 characters."))
    return value


def choice(problems: Problems, row: dict[str, str], field: str, options: list[str]) -> str:
    value = row[field].lower()
    if value not in options:
        shown = repr(row[field]) if row[field] else "Empty"
        problems.append((field, f"{shown} is not one of {', '.join(options)}."))
        return ""
    return value
