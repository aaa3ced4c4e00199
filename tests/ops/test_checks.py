"""Production refuses to run unsafe: the system checks, and the processes that run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from partnercenter.hooks import conf
from partnercenter.hooks.models import Delivery
from partnercenter.ops import checks

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "x7Qp2vLm9Zr4Tb8Nc1Wd6Hs0Jf5Ga3Ye" * 2


def _ids(messages: list) -> list[str]:
    return [m.id for m in messages]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("", ["partnercenter.E001"]),
        ("dev-insecure-partnercenter-secret-key-change-me-in-production", ["partnercenter.E002"]),
        (GOOD_KEY, []),
    ],
)
def test_production_refuses_a_missing_or_development_secret_key(settings, key, expected):
    # given DEBUG=0 and this SECRET_KEY
    settings.DEBUG = False
    settings.SECRET_KEY = key
    # when the checks run
    found = checks.check_secret_key()
    # then a missing or development key is an error that names the variable
    assert _ids(found) == expected
    assert all("SECRET_KEY" in m.msg and m.is_serious() for m in found)


def test_development_may_use_the_development_key(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    assert checks.check_secret_key() == []


def test_a_development_webhook_secret_given_in_production_is_an_error(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, "github", "dev-github-secret")
    found = checks.check_dev_webhook_secrets()
    assert _ids(found) == ["partnercenter.E003"]
    assert "PARTNERCENTER_HOOK_SECRET_GITHUB" in found[0].msg


@pytest.mark.django_db
def test_without_an_edition_no_webhook_source_is_in_use_so_nothing_warns(settings, monkeypatch):
    settings.DEBUG = False
    settings.PARTNERCENTER_DEV_DEFAULTS = False
    for source in ("community", "github", "store"):
        monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, source, None)
    assert checks.check_webhook_sources() == []


def test_sources_the_edition_uses_without_a_secret_warn(edition, settings, monkeypatch):
    # given production, the shipped edition (community, github, store) and only GitHub's secret
    settings.DEBUG = False
    settings.PARTNERCENTER_DEV_DEFAULTS = False
    settings.STRIPE_SECRET_KEY = ""
    monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, "community", None)
    monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, "github", "a-real-secret")
    monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, "store", None)
    # when the checks run
    found = checks.check_webhook_sources()
    # then the two unconfigured sources warn, by variable name
    assert _ids(found) == ["partnercenter.W001", "partnercenter.W001"]
    assert "PARTNERCENTER_HOOK_SECRET_COMMUNITY" in found[0].msg
    assert "PARTNERCENTER_HOOK_SECRET_STORE" in found[1].msg


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["community", "github", "store", "stripe"])
def test_a_source_without_its_secret_answers_503_not_configured(settings, monkeypatch, source):
    # given production defaults: no development secrets
    settings.PARTNERCENTER_DEV_DEFAULTS = False
    settings.STRIPE_WEBHOOK_SECRET = ""
    for name in ("community", "github", "store"):
        monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, name, None)
    # when a delivery signed with the README's development secret arrives
    from partnercenter.hooks.signing import sign_timestamped

    body = b'{"id":"x1","type":"forum.post_created","username":"alice"}'
    response = Client().post(
        f"/hooks/{source}",
        body,
        content_type="application/json",
        HTTP_X_COMMUNITY_SIGNATURE=sign_timestamped("dev-community-secret", body),
    )
    # then it is refused as not configured, naming the variable, and nothing is stored
    assert response.status_code == 503
    assert response.json()["code"] == "not_configured"
    assert conf.SECRET_VARIABLES[source] in response.json()["message"]
    assert Delivery.objects.count() == 0


# ------------------------------------------------------------------ real processes


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A production environment with nothing but what the test names."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="partnercenter.settings",
        PARTNERCENTER_VAR_DIR=str(tmp_path / "var"),
        DEBUG="0",
        ALLOWED_HOSTS="partners.example.com",
    )
    env.update(extra)
    return env


def _run(tmp_path: Path, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        env=_env(tmp_path, **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_only_debug_secret_key_and_allowed_hosts(tmp_path):
    done = _run(
        tmp_path,
        ["-m", "partnercenter", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_KEY,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["-m", "partnercenter", "check", "--deploy"],
        ["-m", "partnercenter", "db_worker", "--batch"],
        ["-m", "partnercenter", "scheduler", "--once"],
        ["-c", "import partnercenter.wsgi"],
    ],
    ids=["check", "db_worker", "scheduler", "wsgi-gunicorn"],
)
def test_every_process_refuses_to_start_without_secret_key(tmp_path, argv):
    # given DEBUG=0 and no SECRET_KEY; when a process starts
    done = _run(tmp_path, argv)
    # then it stops with the check that names the variable
    assert done.returncode != 0
    assert "partnercenter.E001" in done.stderr
    assert "SECRET_KEY" in done.stderr


# ------------------------------------------------------------------ behind a TLS proxy


def test_the_proxy_header_is_read_from_the_environment(tmp_path):
    done = _run(
        tmp_path,
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_SSL_REDIRECT, "
            "settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)",
        ],
        SECRET_KEY=GOOD_KEY,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert done.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
        "31536000",
    ]


@pytest.mark.django_db
def test_behind_the_proxy_https_is_served_http_is_redirected_probes_are_exempt(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    assert client.get("/portal/login/").status_code == 301
    assert client.get("/portal/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/healthz").status_code == 200
