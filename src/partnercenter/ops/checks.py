"""System checks that refuse to run production with development secrets.

Registered from `OpsConfig.ready()`. Every management command (runserver, db_worker,
scheduler, migrate, ...) runs them before it starts and stops on an ERROR; the WSGI
entry point (`partnercenter.wsgi`, used by gunicorn) runs them too, so no process
serves with a missing or development `SECRET_KEY`.

IDs: partnercenter.E001 missing SECRET_KEY, E002 development SECRET_KEY,
E003 a development webhook secret given explicitly, W001 a webhook source that the
edition in force uses has no secret (its endpoint answers 503 "not configured").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core import checks

TAG = "partnercenter"


def _debug() -> bool:
    return bool(settings.DEBUG)


def check_secret_key(
    app_configs: Sequence[Any] | None = None, **_: Any
) -> list[checks.CheckMessage]:
    """With DEBUG=0: SECRET_KEY must be set and must not be the development key."""
    if _debug():
        return []
    try:
        key = str(settings.SECRET_KEY or "")
    except Exception:  # Django raises ImproperlyConfigured for an empty key in some paths
        key = ""
    if not key:
        return [
            checks.Error(
                "SECRET_KEY is not set and DEBUG=0: production has no default key.",
                hint="Set the SECRET_KEY environment variable to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="partnercenter.E001",
            )
        ]
    if key == getattr(settings, "DEV_SECRET_KEY", None) or key.startswith("dev-insecure"):
        return [
            checks.Error(
                "SECRET_KEY is the development key and DEBUG=0.",
                hint="Set the SECRET_KEY environment variable to a new long random value.",
                id="partnercenter.E002",
            )
        ]
    return []


def _sources_in_use() -> set[str]:
    """Webhook sources that the edition in force maps (its `[hooks.*]` tables).

    Read from the loaded editions; an empty or unreachable database (a fresh install
    before `migrate` / `program load`) uses none, so it warns about none.
    """
    from django.db import DatabaseError

    try:
        from partnercenter.programs.selectors import edition_at

        edition = edition_at(datetime.now(UTC).date())
    except (DatabaseError, Exception):  # noqa: BLE001 - no database or no edition yet
        return set()
    return {source for source, mapping in edition.hooks.items() if mapping}


def check_dev_webhook_secrets(
    app_configs: Sequence[Any] | None = None, **_: Any
) -> list[checks.CheckMessage]:
    """With DEBUG=0: a development webhook secret given explicitly is an error."""
    if _debug():
        return []
    from partnercenter.hooks import conf

    found: list[checks.CheckMessage] = []
    for source, variable in conf.SECRET_VARIABLES.items():
        value = conf.given_secret(source)
        if value and value in conf.DEV_SECRETS.values():
            found.append(
                checks.Error(
                    f"{variable} is a development value and DEBUG=0: anyone who read the "
                    "README could sign deliveries.",
                    hint=f"Set {variable} to the secret agreed with the sender.",
                    id="partnercenter.E003",
                )
            )
    return found


def check_webhook_sources(
    app_configs: Sequence[Any] | None = None, **_: Any
) -> list[checks.CheckMessage]:
    """With DEBUG=0: warn about a source the edition in force uses that has no secret."""
    if _debug():
        return []
    from partnercenter.hooks import conf

    found: list[checks.CheckMessage] = []
    in_use = _sources_in_use()
    if getattr(settings, "STRIPE_SECRET_KEY", ""):
        in_use.add("stripe")
    for source in sorted(in_use):
        variable = conf.SECRET_VARIABLES.get(source)
        if variable and not conf.secret_for(source):
            found.append(
                checks.Warning(
                    f"Webhook source {source!r} is used by the edition in force but "
                    f"{variable} is not set: /hooks/{source} answers 503 'not configured'.",
                    hint=f"Set {variable} to the secret agreed with the sender.",
                    id="partnercenter.W001",
                )
            )
    return found


ALL = (check_secret_key, check_dev_webhook_secrets, check_webhook_sources)


def register_all() -> None:
    """Register once (ready() may run more than once in tests)."""
    registered = checks.registry.registry.get_checks()
    for check in ALL:
        if check not in registered:
            checks.register(check, TAG)


def startup_errors(messages: Iterable[checks.CheckMessage] | None = None) -> list[str]:
    """The refusals a server must not start with, as lines (for the WSGI entry point)."""
    found = (
        messages if messages is not None else [*check_secret_key(), *check_dev_webhook_secrets()]
    )
    return [f"{m.id}: {m.msg} {m.hint or ''}".strip() for m in found if m.is_serious()]
