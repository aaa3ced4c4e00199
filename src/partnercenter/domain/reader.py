"""The TOML table reader behind the loader: typed getters that record problems by field path.

A `Table` wraps one table of the parsed file; each getter checks the type,
records a `Problem` naming the path (such as `levels[3].requirements.points`)
when it is wrong, and remembers which keys were read so `done()` can report the
ones nobody expected (a typo must not pass silently).
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One mistake in a program file: where (field path) and what."""

    path: str
    message: str


class ProgramFileError(Exception):
    """A program file that cannot be used; `problems` lists every mistake found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.describe())

    def describe(self) -> str:
        return "\n".join(f"{self.source}: {p.path}: {p.message}" for p in self.problems)


_MISSING = object()
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _type_name(value: object) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        str: "a string",
        float: "a number with a fraction",
        list: "a list",
        dict: "a table",
        date: "a date",
    }.get(type(value), type(value).__name__)


class Table:
    """A view of one TOML table that records problems and remembers which keys were read."""

    def __init__(self, data: dict[str, Any], path: str, problems: list[Problem]) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.seen: set[str] = set()

    def at(self, key: str) -> str:
        # Keys that are not bare TOML keys (such as "forum.post_created") are quoted, as in TOML.
        if not _BARE_KEY.fullmatch(key):
            key = json.dumps(key, ensure_ascii=False)
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.at(key), message))

    def _get(self, key: str, kind: type, kind_name: str, required: bool, default: Any) -> Any:
        self.seen.add(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(key, f"is required ({kind_name})")
            return default
        # bool is a subclass of int in Python; TOML keeps them apart, so do we.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(key, f"must be {kind_name}, not {_type_name(value)} ({value!r})")
            return default
        return value

    def str(self, key: str, required: bool = True, default: str = "") -> str:
        value: str = self._get(key, str, "a string", required, default)
        if required and self.data.get(key) == "":
            self.problem(key, "must not be empty")
        return value

    def int(
        self,
        key: builtins.str,
        required: builtins.bool = True,
        default: builtins.int = 0,
        minimum: builtins.int | None = 0,
    ) -> builtins.int:
        value: builtins.int = self._get(key, int, "an integer", required, default)
        raw = self.data.get(key)
        if minimum is not None and type(raw) is int and raw < minimum:
            self.problem(key, f"must be at least {minimum}, not {value}")
            return default
        return value

    def bool(
        self, key: builtins.str, required: builtins.bool = True, default: builtins.bool = False
    ) -> builtins.bool:
        value: builtins.bool = self._get(key, bool, "true or false", required, default)
        return value

    def date(self, key: builtins.str) -> date:
        value = self._get(key, date, "a date (YYYY-MM-DD, unquoted)", True, date(1970, 1, 1))
        if isinstance(value, datetime):
            self.problem(key, "must be a date without a time")
            return value.date()
        return value  # type: ignore[no-any-return]

    def choice(
        self,
        key: builtins.str,
        choices: tuple[builtins.str, ...],
        required: builtins.bool = True,
        default: builtins.str = "",
    ) -> builtins.str:
        value = self.str(key, required=required, default=default)
        if key in self.data and isinstance(self.data[key], str) and value not in choices:
            self.problem(key, f"must be one of {', '.join(choices)}, not {value!r}")
            return default
        return value

    def table(self, key: builtins.str, required: builtins.bool = True) -> Table:
        value = self._get(key, dict, "a table", required, {})
        # The fields of a missing (or mistyped) table are not reported one by one.
        problems = self.problems if isinstance(self.data.get(key), dict) else []
        return Table(value, self.at(key), problems)

    def tables(self, key: builtins.str, required: builtins.bool = True) -> Iterator[Table]:
        value = self._get(key, list, "a list of tables ([[" + key + "]])", required, [])
        for index, item in enumerate(value):
            path = f"{self.at(key)}[{index}]"
            if not isinstance(item, dict):
                self.problems.append(Problem(path, f"must be a table, not {_type_name(item)}"))
                continue
            yield Table(item, path, self.problems)

    def str_list(self, key: builtins.str, required: builtins.bool = True) -> list[builtins.str]:
        value = self._get(key, list, "a list of strings", required, [])
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problems.append(
                    Problem(f"{self.at(key)}[{index}]", f"must be a string, not {_type_name(item)}")
                )
            else:
                out.append(item)
        return out

    def int_list(
        self, key: builtins.str, required: builtins.bool = True, minimum: builtins.int = 0
    ) -> list[builtins.int]:
        """A list of whole numbers, each at least `minimum` (e.g. reminder days)."""
        value = self._get(key, list, "a list of integers", required, [])
        out = []
        for index, item in enumerate(value):
            if type(item) is not int:
                self.problems.append(
                    Problem(
                        f"{self.at(key)}[{index}]", f"must be an integer, not {_type_name(item)}"
                    )
                )
            elif item < minimum:
                self.problems.append(
                    Problem(f"{self.at(key)}[{index}]", f"must be at least {minimum}, not {item}")
                )
            else:
                out.append(item)
        return out

    def done(self) -> None:
        """Report keys nobody read: a typo must not pass silently."""
        for key in self.data:
            if key not in self.seen:
                self.problem(key, "is not a known field")


def check_unique(
    items: list[T], code: Callable[[T], str], path: str, what: str, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        value = code(item)
        if value in seen:
            problems.append(
                Problem(
                    f"{path}[{index}].code",
                    f"duplicate {what} code {value!r} (also at {path}[{seen[value]}])",
                )
            )
        else:
            seen[value] = index


def read_code(t: Table) -> str:
    value = t.str("code")
    if value and not value.replace("_", "").isalnum():
        t.problem("code", f"must use letters, digits and underscores only, not {value!r}")
    return value
