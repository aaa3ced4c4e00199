"""Broken copies of the shipped edition for the loader tests: one fragment replaced, the problems read."""

from __future__ import annotations

import pytest

from partnercenter.domain.loader import ProgramFileError, parse_edition

SOURCE = "broken.toml"


def broken_copy(text: str, old: str, new: str) -> str:
    """The shipped text with one exact, unique fragment replaced (so each case breaks one thing)."""
    assert text.count(old) == 1, f"fragment must occur exactly once: {old!r}"
    return text.replace(old, new)


def problems_of(text: str) -> ProgramFileError:
    """The error parsing `text` raises (the test fails if it parses)."""
    with pytest.raises(ProgramFileError) as info:
        parse_edition(text, SOURCE)
    return info.value
