"""The OAuth apps people link their accounts through, from the environment (never the database).

GitHub: `PARTNERCENTER_GITHUB_CLIENT_ID` / `…_CLIENT_SECRET` (an OAuth app whose callback is
`<site>/links/github/login/callback/`), `PARTNERCENTER_GITHUB_URL` for GitHub Enterprise or
a test double (default https://github.com; its API is then `<url>/api/v3`).
Community: the site's OpenID Connect server, `PARTNERCENTER_COMMUNITY_OIDC_URL` (the issuer;
discovery at `<url>/.well-known/openid-configuration`), `…_CLIENT_ID`, `…_CLIENT_SECRET`;
callback `<site>/links/oidc/community/login/callback/`.
A provider without its client id is not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

GITHUB_WEB = "https://github.com"
GITHUB_API = "https://api.github.com"
COMMUNITY_APP_ID = "community"
"""The OpenID Connect app's provider id: its URLs are /links/oidc/community/…"""


def social_providers(env: Mapping[str, str]) -> dict[str, Any]:
    """`SOCIALACCOUNT_PROVIDERS` for allauth: the configured apps with their credentials."""
    github: dict[str, Any] = {
        "SCOPE": [],  # public profile only: the login and its id are all we need
        # allauth's GitHub provider, with its URLs read from here when used (not at import)
        "provider_class": "partnercenter.linkedaccounts.oauth.GitHubLinkProvider",
        "GITHUB_URL": (env.get("PARTNERCENTER_GITHUB_URL") or GITHUB_WEB).rstrip("/"),
        "APPS": [],
    }
    if env.get("PARTNERCENTER_GITHUB_CLIENT_ID"):
        github["APPS"].append(
            {
                "client_id": env["PARTNERCENTER_GITHUB_CLIENT_ID"],
                "secret": env.get("PARTNERCENTER_GITHUB_CLIENT_SECRET", ""),
            }
        )
    oidc: dict[str, Any] = {"APPS": []}
    if env.get("PARTNERCENTER_COMMUNITY_OIDC_CLIENT_ID") and env.get(
        "PARTNERCENTER_COMMUNITY_OIDC_URL"
    ):
        oidc["APPS"].append(
            {
                "provider_id": COMMUNITY_APP_ID,
                "name": "Community",
                "client_id": env["PARTNERCENTER_COMMUNITY_OIDC_CLIENT_ID"],
                "secret": env.get("PARTNERCENTER_COMMUNITY_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": env["PARTNERCENTER_COMMUNITY_OIDC_URL"].rstrip("/"),
                    "scope": ["openid", "profile"],
                },
            }
        )
    return {"github": github, "openid_connect": oidc}


def github_urls(providers: Mapping[str, Any]) -> tuple[str, str]:
    """GitHub's web and API base URLs, read when used (tests point them at a local double)."""
    web = str(providers.get("github", {}).get("GITHUB_URL") or GITHUB_WEB).rstrip("/")
    return web, (GITHUB_API if web == GITHUB_WEB else f"{web}/api/v3")


def link_offers(providers: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Per provider that is configured: (allauth URL name and kwargs key, the origin it sends to).

    The origin goes into the page's CSP `form-action`: a form's redirect to the provider
    must be allowed by the page that posted it.
    """
    offers: dict[str, tuple[str, str]] = {}
    github = providers.get("github", {})
    if github.get("APPS"):
        offers["github"] = ("github", _origin(github_urls(providers)[0]))
    for app in providers.get("openid_connect", {}).get("APPS", []):
        if app.get("provider_id") == COMMUNITY_APP_ID:
            offers["community"] = (COMMUNITY_APP_ID, _origin(app["settings"]["server_url"]))
    return offers


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
