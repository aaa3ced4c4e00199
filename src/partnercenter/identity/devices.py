"""The "known device" cookie: a browser that signed in to an account before.

Set on every completed sign-in (password and, for enrolled people, the second
factor). It is signed with the SECRET_KEY, names the accounts (lower-case
emails) that signed in from this browser and a random device id, and lasts
180 days. The adapter exempts a known device from the per-address and
per-account wrong-password limits, so an attacker hammering an account (or
sharing the owner's office address) cannot lock its owner out; the device has
its own small limit instead.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest
from django.http.response import HttpResponseBase

DEVICE_COOKIE = "pc_known_device"
DEVICE_SALT = "partnercenter.identity.known-device"
DEVICE_MAX_AGE = 180 * 24 * 3600
MAX_ACCOUNTS = 5


@dataclass(frozen=True)
class Device:
    """A browser's device id and the accounts that signed in from it."""

    id: str
    accounts: tuple[str, ...]


def device_of(request: HttpRequest) -> Device | None:
    """The device the request's cookie names, or None when absent, forged or expired."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str):
        return None
    accounts = data.get("a")
    if not isinstance(accounts, list):
        return None
    return Device(id=data["d"], accounts=tuple(a for a in accounts if isinstance(a, str)))


def known_device(request: HttpRequest, account: str) -> Device | None:
    """The device when this browser signed in to `account` before, else None."""
    device = device_of(request)
    if device is None or account.strip().lower() not in device.accounts:
        return None
    return device


def remember_device(request: HttpRequest, response: HttpResponseBase, account: str) -> None:
    """Add `account` to the browser's known-device cookie (a new device id if it has none)."""
    device = device_of(request)
    account = account.strip().lower()
    accounts = list(device.accounts) if device else []
    if account not in accounts:
        accounts = (accounts + [account])[-MAX_ACCOUNTS:]
    payload = {"d": device.id if device else secrets.token_urlsafe(12), "a": accounts}
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(payload, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
