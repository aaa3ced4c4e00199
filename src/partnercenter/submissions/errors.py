"""Named refusals of submissions; each names the field at fault and says why, in words."""

from __future__ import annotations

from partnercenter.errors import Refusal


class SubmissionError(Refusal):
    """A submission action the rules refuse; nothing was written."""

    code = "submission_error"


class ActivityNotReportable(SubmissionError):
    """The activity is not in the edition, or is not one partners report."""

    code = "activity_not_reportable"
    field = "activity"


class InvalidOccurredOn(SubmissionError):
    """The date is in the future (or otherwise unusable)."""

    code = "invalid_occurred_on"
    field = "occurred_on"


class DescriptionRequired(SubmissionError):
    """Staff need words to judge the activity."""

    code = "description_required"
    field = "description"


class InvalidPeople(SubmissionError):
    """People missing for a per-person activity, or not of this partner."""

    code = "invalid_people"
    field = "people"


class EvidenceRequired(SubmissionError):
    """Neither an evidence URL nor a file was given."""

    code = "evidence_required"
    field = "evidence_url"


class InvalidEvidenceFile(SubmissionError):
    """The file is not a PDF, PNG or JPEG by content, or is larger than allowed."""

    code = "invalid_evidence_file"
    field = "evidence_file"


class InvalidPoints(SubmissionError):
    """Points below the "From N+" minimum, or points given for a fixed-point activity."""

    code = "invalid_points"
    field = "points"


class NotPending(SubmissionError):
    """Only pending submissions can be withdrawn, approved or rejected."""

    code = "not_pending"
    field = "status"


class NotAllowed(SubmissionError):
    """The person or user may not act on this submission."""

    code = "not_allowed"


class InvalidRejectReason(SubmissionError):
    """The reason is not in the list, or "other" came without text."""

    code = "invalid_reject_reason"
    field = "reason_code"


class PostingRefused(SubmissionError):
    """The ledger refused the entry (a cap reached, say); the submission stays pending."""

    code = "posting_refused"
    field = "points"


class DuplicateEvent(SubmissionError):
    """The person's participation in an event held in Partner Center is posted from its
    attendance; reporting it too would count it twice."""

    code = "duplicate_event"
    field = "people"
