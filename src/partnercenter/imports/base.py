"""What every import kind is made of: columns (the documentation), a run's context, a row's outcome.

Each `apply` checks every cell of the row first and raises RowRefused with all the
problems it found; only a row without problems is written, through the owning app's
services. An existing partner, person, certification or entry is compared, never
overwritten: the same values are "unchanged", other values are refused by field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnercenter.domain.program import Edition
from partnercenter.imports.checks import Problems
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at

CREATED = "created"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Column:
    """One column of an import file, and what it holds (shown in the help and the back office)."""

    name: str
    help: str
    optional: bool = False
    """The column may be left out of the header (its cells are then empty)."""


@dataclass
class Context:
    """What one import run remembers between rows: look-ups, and what the file already said."""

    today: date
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)
    partners: dict[str, Partner | None] = field(default_factory=dict)
    editions: dict[date, Edition] = field(default_factory=dict)
    people_created: int = 0
    slugs: set[str] | None = None
    logins: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def partner(self, slug: str) -> Partner | None:
        """The partner a people/certifications/points row names (cached: files repeat slugs)."""
        if slug not in self.partners:
            self.partners[slug] = Partner.objects.filter(slug=slug).first()
        return self.partners[slug]

    def stored_partner(self, slug: str) -> Partner | None:
        """The stored partner with this slug (not cached: a partners file may hold 100,000)."""
        if self.slugs is None:
            # One query for every slug, then a look-up only for the partners that exist.
            self.slugs = set(Partner.objects.values_list("slug", flat=True))
        if slug not in self.slugs:
            return None
        return Partner.objects.filter(slug=slug).first()

    def edition(self, day: date) -> Edition:
        """The edition in force on `day` (cached per day for the run)."""
        if day not in self.editions:
            self.editions[day] = edition_at(day)
        return self.editions[day]

    def first_line(self, key: tuple[str, ...], line: int) -> int:
        """The line where `key` first appeared in this file (`line` itself the first time)."""
        return self.seen.setdefault(key, line)


@dataclass(frozen=True)
class Kind:
    """An import kind: its columns and `apply(context, line, row) -> "created" | "unchanged"`."""

    name: str
    summary: str
    columns: tuple[Column, ...]
    apply: Callable[[Context, int, dict[str, str]], str]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in the documented order."""
        return tuple(c.name for c in self.columns)

    @property
    def optional(self) -> frozenset[str]:
        """The columns a header may leave out."""
        return frozenset(c.name for c in self.columns if c.optional)


def seen_before(
    ctx: Context, problems: Problems, line: int, field_name: str, key: tuple[str, ...], what: str
) -> None:
    """Refuse a row that repeats what an earlier line of the same file said (a slug, a key)."""
    first = ctx.first_line(key, line)
    if first != line:
        problems.append((field_name, f"{what} is already on line {first} of this file."))


def differences(
    problems: Problems, what: str, stored: dict[str, object], given: dict[str, object]
) -> None:
    """One problem per column whose value differs from what is stored: never overwritten."""
    for name, value in given.items():
        if stored[name] != value:
            problems.append(
                (
                    name,
                    f"Differs from the stored {what}: stored {shown(stored[name])}, "
                    f"file {shown(value)}. An import never overwrites; change it in the back office.",
                )
            )


def shown(value: object) -> str:
    """A value as the report quotes it (empty cells say "empty")."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(str(value))


def codes(items: Iterable[Any]) -> str:
    """The codes of edition items (profiles, plans, activities), for "one of …" messages."""
    return ", ".join(i.code for i in items)
