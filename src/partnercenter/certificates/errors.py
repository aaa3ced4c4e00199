"""Named refusals of certificates; each names the field and changes nothing."""

from __future__ import annotations

from partnercenter.errors import Refusal


class CertificateError(Refusal):
    """A certificate the rules refuse to issue."""

    code = "certificate_error"


class NotCertifiable(CertificateError):
    """No certificate for this: a revoked or expired certification, or a level below the
    certified ones (Silver and up)."""

    code = "not_certifiable"


class UnknownSubject(CertificateError):
    """No such certification of the partner."""

    code = "unknown_subject"
    field = "subject"
