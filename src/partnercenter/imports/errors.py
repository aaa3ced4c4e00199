"""Named refusals of imports: a file that cannot be read as the kind's CSV, or a refused row."""

from __future__ import annotations

from partnercenter.errors import Refusal


class ImportFileError(Refusal):
    """The file as a whole cannot be imported (unreadable, not UTF-8, wrong header, empty).

    `line` is the line of the file at fault (1 for the header), or None for the file itself.
    """

    code = "import_file"
    field = "file"

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message, field=field)
        self.line = line


class UnknownKind(Refusal):
    """An import kind that does not exist (partners, people, certifications, points)."""

    code = "unknown_kind"
    field = "kind"


class RowRefused(Refusal):
    """One row of the file is refused; `problems` holds every (field, message) found in it."""

    code = "row_refused"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
        self.problems = problems
