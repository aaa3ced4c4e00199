"""A local stand-in for GitHub's OAuth and a community OpenID Connect server on 127.0.0.1.

No network in tests. GitHub: authorize → 302 back with a one-time code and the caller's
`state`; access_token → a bearer token for that code (client id and secret checked);
/api/v3/user → the account the test chose (`fake.account`), as GitHub Enterprise serves
it under `PARTNERCENTER_GITHUB_URL`. Community (under /oidc): discovery, the same
authorize and token steps, and /oidc/userinfo → `fake.community`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

CLIENT_ID = "partnercenter-test"
CLIENT_SECRET = "not-a-real-secret"


@dataclass
class FakeGitHub:
    """The running double: its URL, who signs in at it next, and what it was asked."""

    url: str = ""
    account: dict[str, Any] = field(default_factory=lambda: {"id": 4242, "login": "Octo-Partner"})
    community: dict[str, Any] = field(
        default_factory=lambda: {"sub": "c-77", "preferred_username": "max_c"}
    )
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _json(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            fake.requests.append(f"GET {url.path}")
            if url.path == "/oidc/.well-known/openid-configuration":
                return self._json(
                    200,
                    {
                        "issuer": f"{fake.url}/oidc",
                        "authorization_endpoint": f"{fake.url}/oidc/authorize",
                        "token_endpoint": f"{fake.url}/oidc/token",
                        "userinfo_endpoint": f"{fake.url}/oidc/userinfo",
                        "jwks_uri": f"{fake.url}/oidc/jwks",
                        "token_endpoint_auth_methods_supported": ["client_secret_post"],
                    },
                )
            if url.path in ("/login/oauth/authorize", "/oidc/authorize"):
                if query.get("client_id") != CLIENT_ID:
                    return self._json(400, {"error": "unknown client"})
                code = secrets.token_hex(8)
                oidc = url.path.startswith("/oidc")
                fake.codes[code] = dict(fake.community if oidc else fake.account)
                target = (
                    query["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": query.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
                return None
            if url.path in ("/api/v3/user", "/api/v3/user/emails", "/oidc/userinfo"):
                token = self.headers.get("Authorization", "").split(" ", 1)[-1].strip()
                account = fake.tokens.get(token)
                if account is None:
                    return self._json(401, {"message": "Bad credentials"})
                return self._json(200, [] if url.path.endswith("/emails") else account)
            return self._json(404, {"message": "Not Found"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.requests.append(f"POST {url.path}")
            if url.path not in ("/login/oauth/access_token", "/oidc/token"):
                return self._json(404, {"message": "Not Found"})
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                return self._json(401, {"error": "incorrect_client_credentials"})
            account = fake.codes.pop(form.get("code", ""), None)  # a code works once
            if account is None:
                return self._json(200, {"error": "bad_verification_code"})
            token = secrets.token_hex(12)
            fake.tokens[token] = account
            return self._json(200, {"access_token": token, "token_type": "bearer", "scope": ""})

    return Handler


@contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    """Serve the double on a free port of 127.0.0.1 for the duration of the block."""
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def provider_settings(fake: FakeGitHub) -> dict[str, Any]:
    """`SOCIALACCOUNT_PROVIDERS` pointing GitHub and the community's OIDC at the double."""
    from partnercenter.linkedaccounts.conf import social_providers

    return social_providers(
        {
            "PARTNERCENTER_GITHUB_CLIENT_ID": CLIENT_ID,
            "PARTNERCENTER_GITHUB_CLIENT_SECRET": CLIENT_SECRET,
            "PARTNERCENTER_GITHUB_URL": fake.url,
            "PARTNERCENTER_COMMUNITY_OIDC_URL": f"{fake.url}/oidc",
            "PARTNERCENTER_COMMUNITY_OIDC_CLIENT_ID": CLIENT_ID,
            "PARTNERCENTER_COMMUNITY_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }
    )
