"""Webhook settings, read from the environment (development defaults; production sets them).

PARTNERCENTER_HOOK_SECRET_COMMUNITY, _GITHUB, _STORE: the shared HMAC secret per source.
PARTNERCENTER_GITHUB_REPOS: comma-separated `owner/name` whose issues count as bug reports.
PARTNERCENTER_HOOK_TOLERANCE: seconds a signed timestamp may be off (default 300).
"""

from __future__ import annotations

import os

DEV_SECRETS = {
    "community": "dev-community-secret",
    "github": "dev-github-secret",
    "store": "dev-store-secret",
}

PARTNERCENTER_HOOK_SECRETS: dict[str, str] = {
    source: os.environ.get(f"PARTNERCENTER_HOOK_SECRET_{source.upper()}", default)
    for source, default in DEV_SECRETS.items()
}
"""The shared secret of each source; a source without a secret refuses every delivery."""

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
    """Read at call time so tests and operators can change a secret without a restart."""
    return PARTNERCENTER_HOOK_SECRETS.get(source, "")
