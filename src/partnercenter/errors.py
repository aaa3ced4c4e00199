"""The one shape of a business refusal, shared by every app's named errors."""

from __future__ import annotations


class Refusal(Exception):
    """An action the rules refuse; nothing was written.

    `code` names the rule for machines, `field` the input at fault (if any), and
    `message` says why in words; forms put it on the field and the API returns it as 4xx.
    """

    code = "refused"
    field = ""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
