"""`partnercenter bench pages`: req/s and p50/p95 of the most-opened pages as ratios to hello.

One run: seed (or reuse) a bench database with the review bench's seeding (moved so the
history ends this month), give a sample of partners' people logins and one staff user a
role and an authenticator, write their sessions straight into the session table (the
staff one marked as having passed the second factor, as allauth marks it), start
gunicorn on `gunicorn.conf.py` with DEBUG=0 and one worker per core (`benchkit.server`,
as `bench ingest`), and drive it from a separate process (`benchkit.loadgen --timed`)
with N concurrent clients: a bare hello view first and last, each page in between.
Figures are only compared within one run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from partnercenter.benchkit.server import local_server
from partnercenter.review.bench import Out

BENCH_SETTINGS = "partnercenter.bench_settings"
STAFF_EMAIL = "bench-staff@7x.example"

PORTAL_PAGES = {
    "portal_dashboard": "/portal/",
    "portal_ledger": "/portal/ledger/",
    "portal_plan": "/portal/plan/",
}
STAFF_PAGES = {
    "backoffice_partners": "/backoffice/partners/?q=Bench+Partner&sort=-points&page=500",
    "backoffice_dashboard": "/backoffice/",
}
PUBLIC_PAGES = {"directory": "/partners/"}


def bench_database_url(partners: int, entries: int) -> str:
    """The pages bench's database (the export bench shares it)."""
    from partnercenter.review.bench import bench_database_url as beside

    return beside("pages", partners, entries)


# ---------------------------------------------------------------- inside the bench database


def seed_phase(partners: int, entries: int, sample: int, out: Out) -> dict[str, Any]:
    """Migrate, seed once, then fresh sessions: {"cookie", "portal": [...], "staff": ...}."""
    from django.core.management import call_command

    from partnercenter.partners.models import Partner
    from partnercenter.review import bench as review_bench

    call_command("migrate", verbosity=0)
    if not Partner.objects.exists():
        # The review bench's seeding, with its history ending at the start of next month
        # so the portal's 12-month window and the staff dashboard's 6 months hold entries.
        today = date.today()
        review_bench.SEED_AS_OF = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        started = time.perf_counter()
        review_bench.seed(partners, entries, 36, out)
        out.write(f"seeded in {time.perf_counter() - started:.1f} s\n")
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "portal": _portal_sessions(partners, sample),
        "staff": _staff_session(),
    }


def _login(user: Any, extra: dict[str, Any]) -> str:
    """A signed-in session for `user`, written straight to the session store; its key."""
    from django.contrib.sessions.backends.db import SessionStore

    from partnercenter.identity.backends import MODEL_BACKEND

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = MODEL_BACKEND  # the path a sign-in records today
    store["_auth_user_hash"] = user.get_session_auth_hash()
    for key, value in extra.items():
        store[key] = value
    store.create()
    return str(store.session_key)


def _portal_sessions(partners: int, sample: int) -> list[str]:
    """Logins for the people of `sample` partners spread over the id range."""
    from django.contrib.auth.models import User

    from partnercenter.partners.models import Person

    step = max(1, partners // max(1, sample))
    keys = []
    for pid in range(1, partners + 1, step)[:sample]:
        person = Person.objects.filter(partner_id=pid).order_by("pk").first()
        if person is None:
            continue
        if person.user_id is None:
            person.user = User.objects.create_user(username=person.email, email=person.email)
            person.save(update_fields=["user"])
        keys.append(_login(person.user, {}))
    return keys


def _staff_session() -> str:
    """A staff user with every role, an authenticator, and a session past the second factor."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import User

    from partnercenter.identity.adapter import SESSION_SINCE
    from partnercenter.staffroles.roles import ROLE_BY_SLUG
    from partnercenter.staffroles.services import role_grant

    user, _ = User.objects.get_or_create(username=STAFF_EMAIL, defaults={"email": STAFF_EMAIL})
    role_grant(user=user, roles=list(ROLE_BY_SLUG))
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    now = time.time()
    return _login(
        user,
        {
            SESSION_SINCE: now,
            # What allauth records when the second factor is passed (identity.selectors).
            "account_authentication_methods_user": str(user.pk),
            "account_authentication_methods": [{"method": "mfa", "type": "totp", "at": now}],
        },
    )


# ---------------------------------------------------------------- the outer process


def _server_env(url: str, run_dir: Path) -> dict[str, str]:
    """Production settings (DEBUG=0) on the bench database, plain http on 127.0.0.1."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "PARTNERCENTER_VAR_DIR": str(run_dir),
        "PARTNERCENTER_STATIC_ROOT": str(settings.VAR_DIR / "bench" / "static"),
    }


def _manage(args: list[str], env: dict[str, str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partnercenter", *args], env=env, check=True, text=True, **kw
    )


def bench_pages(
    *, partners: int, entries: int, clients: int, seconds: float, sample: int, out: Out
) -> dict[str, Any]:
    """Seed, serve, load; the figures of the fixed interface (see the module docstring)."""
    url = bench_database_url(partners, entries)
    run_dir = Path(tempfile.mkdtemp(prefix="bench-pages-", dir=settings.VAR_DIR))
    try:
        return _serve_and_load(url, run_dir, partners, entries, clients, seconds, sample, out)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _serve_and_load(
    url: str,
    run_dir: Path,
    partners: int,
    entries: int,
    clients: int,
    seconds: float,
    sample: int,
    out: Out,
) -> dict[str, Any]:
    workers = multiprocessing.cpu_count()
    env = _server_env(url, run_dir)
    seed_args = ["bench", "pages", f"--partners={partners}", f"--entries={entries}"]
    done = subprocess.run(
        [sys.executable, "-m", "partnercenter", *seed_args, f"--sample={sample}", "--phase=seed"],
        env=env,
        text=True,
        capture_output=True,
    )
    out.write(done.stderr[-5000:])
    if done.returncode:
        raise RuntimeError("seeding the bench database failed (above)")
    line = next(x for x in done.stdout.splitlines() if x.startswith("SESSIONS "))
    logins = json.loads(line[9:])
    static = Path(env["PARTNERCENTER_STATIC_ROOT"]) / "staticfiles.json"
    if not static.exists():
        _manage(["collectstatic", "--noinput", "-v0"], env)
    # One sync worker per core, never replaced mid-run (`benchkit.server`).
    with local_server(env=env, workers=workers, threads=1, timeout=120) as base:
        figures = _load(int(base.rsplit(":", 1)[1]), clients, seconds, logins)
    return _report(figures, partners, entries, clients, workers)


def _load(port: int, clients: int, seconds: float, logins: dict[str, Any]) -> dict[str, Any]:
    """Run the load generator in its own process over every target; its figures."""
    cookie = logins["cookie"]
    portal = [f"{cookie}={k}" for k in logins["portal"]]
    staff = f"{cookie}={logins['staff']}"
    targets: dict[str, list[list[str]]] = {"hello_first": [["/bench/hello", ""]]}
    for name, path in PORTAL_PAGES.items():
        targets[name] = [[path, c] for c in portal]
    for name, path in STAFF_PAGES.items():
        targets[name] = [[path, staff]]
    for name, path in PUBLIC_PAGES.items():
        targets[name] = [[path, ""]]
    targets["hello_last"] = [["/bench/hello", ""]]
    plan = {
        "host": "127.0.0.1",
        "port": port,
        "clients": clients,
        "seconds": seconds,
        "warmup": max(0.5, seconds / 5),
        "targets": targets,
    }
    done = subprocess.run(
        [sys.executable, "-m", "partnercenter.benchkit.loadgen", "--timed"],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _report(
    figures: dict[str, Any], partners: int, entries: int, clients: int, workers: int
) -> dict[str, Any]:
    first, last = figures.pop("hello_first"), figures.pop("hello_last")
    hello = (first["per_s"] + last["per_s"]) / 2
    pages = {
        name: {
            "per_s": f["per_s"],
            "p50_ms": f["p50_ms"],
            "p95_ms": f["p95_ms"],
            "ratio_to_hello": round(f["per_s"] / hello, 3) if hello else None,
            "failed": f["failed"],
            **({"failures": f["failures"]} if f["failed"] else {}),
        }
        for name, f in figures.items()
    }
    return {
        "database": connection.vendor,
        "partners": partners,
        "entries": entries,
        "clients": clients,
        "workers": workers,
        "hello_first_per_s": first["per_s"],
        "hello_last_per_s": last["per_s"],
        "hello_p95_ms": max(first["p95_ms"] or 0, last["p95_ms"] or 0),
        "hello_per_s": round(hello, 1),
        "pages": pages,
    }
