"""Small, exact edits to an edition's TOML text: its id and effective date in `[program]`.

Publishing a draft for another date rewrites `program.effective_from` (and the id when it
is the date, the convention), so the stored text stays the one source of truth. The rest
of the text — comments, order, spacing — is kept byte for byte.
"""

from __future__ import annotations

import re
from datetime import date

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def program_value_set(text: str, key: str, value: str) -> str | None:
    """`text` with the first `key = ...` of the `[program]` table set to `value` (TOML syntax),
    or None when the table has no such line (a form this edit does not understand)."""
    line_re = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)([^#\r\n]*?)(\s*(#.*)?)$")
    lines = text.splitlines(keepends=True)
    table = ""
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        header = _HEADER.match(body)
        if header:
            table = header.group(1)
            continue
        if table != "program":
            continue
        match = line_re.match(body)
        if match:
            ending = line[len(body) :]
            lines[i] = match.group(1) + value + match.group(3) + ending
            return "".join(lines)
    return None


def retarget(text: str, *, edition_id: str, old: date, new: date) -> str | None:
    """The text published for `new` instead of `old`: `effective_from` set, and the edition id
    too when it is the old date written out (edition "2027-01-01" effective 2027-01-01)."""
    out = program_value_set(text, "effective_from", new.isoformat())
    if out is not None and edition_id == old.isoformat():
        out = program_value_set(out, "edition", f'"{new.isoformat()}"')
    return out
