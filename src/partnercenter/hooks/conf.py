"""Webhook settings, read from the environment.

PARTNERCENTER_HOOK_SECRET_COMMUNITY, _GITHUB, _STORE, _CERTIFICATION: the shared HMAC
secret per source; STRIPE_WEBHOOK_SECRET (a Django setting) for Stripe. With DEBUG=1 an
unset secret falls back to the development value printed in the README; with DEBUG=0 it
stays empty and the source is switched off (its endpoint answers 503 "not configured").
The system checks in `partnercenter.ops.checks` refuse a development value given explicitly
with DEBUG=0.
PARTNERCENTER_GITHUB_REPOS: comma-separated `owner/name` whose issues count as bug reports.
PARTNERCENTER_HOOK_TOLERANCE: seconds a signed timestamp may be off (default 300).
"""

from __future__ import annotations

import os

DEV_SECRETS = {
    "community": "dev-community-secret",
    "github": "dev-github-secret",
    "store": "dev-store-secret",
    "certification": "dev-certification-secret",
}

SECRET_VARIABLES = {
    **{source: f"PARTNERCENTER_HOOK_SECRET_{source.upper()}" for source in DEV_SECRETS},
    "stripe": "STRIPE_WEBHOOK_SECRET",
}
"""The environment variable that holds each source's secret (for messages and checks)."""

PARTNERCENTER_HOOK_SECRETS: dict[str, str | None] = {
    source: os.environ.get(SECRET_VARIABLES[source]) for source in DEV_SECRETS
}
"""The secret each source was given (None: not set); read through `secret_for`."""

GITHUB_REPOSITORIES: frozenset[str] = frozenset(
    repo.strip().lower()
    for repo in os.environ.get(
        "PARTNERCENTER_GITHUB_REPOS", "7x/exponential,7x/exponential-platform"
    ).split(",")
    if repo.strip()
)
"""Repositories whose issues are bug reports (case-insensitive `owner/name`)."""

TOLERANCE_SECONDS = int(os.environ.get("PARTNERCENTER_HOOK_TOLERANCE", "300"))
"""How far a signed timestamp may be from now, either way, before a delivery is refused."""

MAX_BODY_BYTES = 256 * 1024
"""Larger deliveries are refused before any parsing."""


def secret_for(source: str) -> str:
    """The secret of a source now; "" means the source is not configured (switched off).

    Read at call time so tests can change a secret (or the mode) without a restart.
    """
    from django.conf import settings

    if source == "stripe":
        return str(getattr(settings, "STRIPE_WEBHOOK_SECRET", "") or "")
    given = PARTNERCENTER_HOOK_SECRETS.get(source)
    if given is not None:
        return given
    return DEV_SECRETS.get(source, "") if settings.PARTNERCENTER_DEV_DEFAULTS else ""


def given_secret(source: str) -> str:
    """The secret set in the environment for a source, without development fallback."""
    if source == "stripe":
        from django.conf import settings

        return str(getattr(settings, "STRIPE_WEBHOOK_SECRET", "") or "")
    return PARTNERCENTER_HOOK_SECRETS.get(source) or ""
