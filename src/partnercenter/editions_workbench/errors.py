"""Why an edition draft was refused; nothing was written."""

from __future__ import annotations

from partnercenter.errors import Refusal


class DraftError(Refusal):
    """A draft or publish refused; `field` names the form field at fault."""

    code = "edition_draft_refused"


class DraftFileInvalid(DraftError):
    """An uploaded or typed text is too large, not UTF-8 or not TOML."""

    code = "edition_file_invalid"


class DraftPublished(DraftError):
    """The draft was published already: it is a record now, neither edited nor published again."""

    code = "edition_already_published"


class DraftHasProblems(DraftError):
    """The draft still has problems `program check` names; fix them before publishing."""

    code = "edition_has_problems"


class PublishDateRefused(DraftError):
    """The effective date is not after today, or another edition takes effect that day."""

    code = "edition_date_refused"
    field = "effective_from"


class EditionIdTaken(DraftError):
    """Another edition already has this edition id."""

    code = "edition_id_taken"
    field = "source"
