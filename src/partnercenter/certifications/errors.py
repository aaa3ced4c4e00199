"""Named refusals of certifications coming in from the certification system."""

from __future__ import annotations

from partnercenter.errors import Refusal


class CertificationRefused(Refusal):
    """A certification the rules refuse as sent (unknown type, bad dates); nothing was written."""

    code = "certification_refused"
