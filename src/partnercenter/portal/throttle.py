"""Throttling wrong passwords per account and per address, without locking the owner out.

Three counters over a sliding quarter hour (in Django's cache):

- per (account, address): a few tries, so one device typing wrong stops quickly;
- per address: many tries across accounts, so one address cannot spray passwords;
- per account: many tries from everywhere, so a botnet cannot guess one password —
  but a browser that signed in to this account before carries a signed
  "known device" cookie and is exempt from this counter, so an attacker
  hammering the account cannot lock its owner out. The owner can also always
  reset the password by email.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

WINDOW_SECONDS = 15 * 60
PAIR_LIMIT = 5
ADDRESS_LIMIT = 30
ACCOUNT_LIMIT = 50
DEVICE_COOKIE = "pc_known_device"
DEVICE_SALT = "partnercenter.portal.known-device"
DEVICE_MAX_AGE = 180 * 24 * 3600


@dataclass(frozen=True)
class Verdict:
    """Whether a sign-in attempt may go ahead, and if not, why (in words for the form)."""

    allowed: bool
    message: str = ""


def client_address(request: HttpRequest) -> str:
    """The peer address. Behind a proxy, set it in REMOTE_ADDR there (never trust headers here)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).lower().encode()).hexdigest()[:32]
    return f"pc-throttle:{digest}"


def _keys(account: str, address: str) -> dict[str, str]:
    return {
        "pair": _key("pair", account, address),
        "address": _key("address", address),
        "account": _key("account", account),
    }


def known_device(request: HttpRequest, account: str) -> bool:
    """True when the browser carries a valid known-device cookie for this account."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        accounts = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(accounts, list) and account.lower() in accounts


def check(request: HttpRequest, account: str) -> Verdict:
    """May this address try a password for this account now?"""
    keys = _keys(account, client_address(request))
    wait = "Too many wrong passwords. Wait 15 minutes or reset your password by email."
    if cache.get(keys["pair"], 0) >= PAIR_LIMIT or cache.get(keys["address"], 0) >= ADDRESS_LIMIT:
        return Verdict(False, wait)
    if cache.get(keys["account"], 0) >= ACCOUNT_LIMIT and not known_device(request, account):
        return Verdict(False, wait)
    return Verdict(True)


def _bump(key: str) -> None:
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)


def failed(request: HttpRequest, account: str) -> None:
    """Count a wrong password against the account, the address and the pair."""
    keys = _keys(account, client_address(request))
    _bump(keys["pair"])
    _bump(keys["address"])
    if not known_device(request, account):
        _bump(keys["account"])


def succeeded(request: HttpRequest, response: HttpResponse, account: str) -> None:
    """Forget this pair's failures and remember the browser as a known device of the account."""
    cache.delete(_keys(account, client_address(request))["pair"])
    accounts: list[str] = []
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if raw:
        try:
            loaded = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
            accounts = [a for a in loaded if isinstance(a, str)] if isinstance(loaded, list) else []
        except signing.BadSignature:
            accounts = []
    if account.lower() not in accounts:
        accounts = (accounts + [account.lower()])[-5:]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(accounts, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
