"""Named refusals of the membership lifecycle (notice, termination)."""

from __future__ import annotations

from partnercenter.errors import Refusal


class MembershipError(Refusal):
    """A membership action the rules refuse; nothing was written."""

    code = "membership_error"


class NotActive(MembershipError):
    """Notice can only be given on an active membership; a terminated partner cannot end again."""

    code = "not_active"
    field = "status"


class NoticeAlreadyGiven(MembershipError):
    """Notice was already given; it runs to its end date (withdraw it first to give another)."""

    code = "notice_already_given"
    field = "notice"


class NoNotice(MembershipError):
    """There is no notice to withdraw."""

    code = "no_notice"
    field = "notice"


class UnknownSide(MembershipError):
    """Notice is given by the partner or by the vendor (7x)."""

    code = "unknown_side"
    field = "by"


class ReasonRequired(MembershipError):
    """Terminating for breach needs a reason in words."""

    code = "reason_required"
    field = "reason"


class AlreadyResolved(MembershipError):
    """The logo deadline was already resolved."""

    code = "already_resolved"
    field = "notice"
