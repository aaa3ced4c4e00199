"""HMAC-SHA256 signatures of deliveries: how senders sign, and how we check.

Community and store sign `"<timestamp>.<body>"` and send
`t=<unix seconds>,v1=<hex>` (several `v1` allowed while a secret rotates);
a timestamp further than the tolerance from now is refused, so a captured
delivery cannot be replayed later. GitHub signs the body alone and sends
`sha256=<hex>` in `X-Hub-Signature-256`. Comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import time


class SignatureRefused(Exception):
    """A delivery whose signature is missing, malformed, wrong or stale; nothing is stored."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _mac(secret: str, content: bytes) -> str:
    return hmac.new(secret.encode(), content, hashlib.sha256).hexdigest()


def sign_timestamped(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header value a community or store sender puts on `body`."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={_mac(secret, f'{t}.'.encode() + body)}"


def sign_github(secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value GitHub puts on `body`."""
    return "sha256=" + _mac(secret, body)


def verify_timestamped(
    header: str | None, body: bytes, secret: str, tolerance: int, now: float | None = None
) -> int:
    """Check a `t=…,v1=…` signature; return the signed timestamp or raise SignatureRefused."""
    if not secret:
        raise SignatureRefused("no_secret", "This source has no secret configured.")
    if not header:
        raise SignatureRefused("signature_missing", "The signature header is missing.")
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureRefused("signature_malformed", "The signature header is malformed.")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureRefused(
            "signature_stale",
            f"The signed timestamp is more than {tolerance} s away from the server's clock.",
        )
    expected = _mac(secret, f"{timestamp}.".encode() + body)
    # Check every candidate, so timing does not reveal which (if any) matched.
    matched = False
    for candidate in candidates:
        matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureRefused("signature_invalid", "The signature does not match the body.")
    return timestamp


def verify_github(header: str | None, body: bytes, secret: str) -> None:
    """Check GitHub's `sha256=<hex>` signature of the raw body, or raise SignatureRefused."""
    if not secret:
        raise SignatureRefused("no_secret", "This source has no secret configured.")
    if not header:
        raise SignatureRefused("signature_missing", "X-Hub-Signature-256 is missing.")
    scheme, _, value = header.partition("=")
    if scheme != "sha256" or not value:
        raise SignatureRefused("signature_malformed", "X-Hub-Signature-256 is malformed.")
    if not hmac.compare_digest(_mac(secret, body), value):
        raise SignatureRefused("signature_invalid", "The signature does not match the body.")
