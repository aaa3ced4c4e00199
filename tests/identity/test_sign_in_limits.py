"""Wrong passwords are limited per address and per account, never against a known device."""

from __future__ import annotations

from typing import Any
from unittest import mock

from allauth.core.internal import ratelimit
from django.test import Client

from partnercenter.identity.devices import DEVICE_COOKIE
from partnercenter.ops.cache import DatabaseCache
from partnercenter.ops.conf import CACHE_TABLE
from tests.submissions.factories import PASSWORD, World

OFFICE = "203.0.113.9"
WRONG = "not-the-password"


def _sign_in(client: Client, email: str, password: str, addr: str = OFFICE) -> Any:
    return client.post("/portal/login/", {"login": email, "password": password}, REMOTE_ADDR=addr)


def _signed_in(response: Any) -> bool:
    return response.status_code == 302


def test_the_owner_on_a_known_device_gets_in_after_20_failures_from_the_same_address(
    world: World,
) -> None:
    # given the owner signed in from this browser before (it carries the known-device cookie)
    owner = Client()
    assert _signed_in(_sign_in(owner, "ada@acme.example", PASSWORD))
    assert DEVICE_COOKIE in owner.cookies
    owner.post("/portal/logout/")
    # when an attacker behind the same office address tries 20 wrong passwords
    refused = [_sign_in(Client(), "ada@acme.example", WRONG) for _ in range(20)]
    # then the attacker was slowed down (refused before even trying the password) ...
    assert b"Too many wrong passwords" in refused[-1].content
    assert not _signed_in(_sign_in(Client(), "ada@acme.example", PASSWORD))
    # ... and the owner's right password from the known device still signs in
    assert _signed_in(_sign_in(owner, "ada@acme.example", PASSWORD))


def test_the_per_address_limit_slows_guessing_across_accounts(world: World) -> None:
    # given one address spraying wrong passwords over many accounts
    for i in range(10):
        _sign_in(Client(), f"user{i}@x.example", WRONG, addr="198.51.100.66")
    # when someone there (a fresh browser) tries a right password
    response = _sign_in(Client(), "max@acme.example", PASSWORD, addr="198.51.100.66")
    # then it is refused for now with a clear message; elsewhere it works
    assert not _signed_in(response)
    assert b"Too many wrong passwords" in response.content
    assert _signed_in(_sign_in(Client(), "max@acme.example", PASSWORD, addr="198.51.100.67"))


def test_a_known_device_has_its_own_small_limit(world: World) -> None:
    # given a known device (a stolen laptop, say) guessing the password
    device = Client()
    assert _signed_in(_sign_in(device, "ada@acme.example", PASSWORD))
    device.post("/portal/logout/")
    for _ in range(10):
        _sign_in(device, "ada@acme.example", WRONG)
    # then it is stopped too, while the address's limit was not spent by it
    assert b"Too many wrong passwords" in _sign_in(device, "ada@acme.example", WRONG).content
    assert _signed_in(_sign_in(Client(), "max@acme.example", PASSWORD))


def test_a_forged_device_cookie_counts_as_a_fresh_browser(world: World) -> None:
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = "eyJkIjoieCIsImEiOlsiYWRhQGFjbWUuZXhhbXBsZSJdfQ:forged"
    for _ in range(10):
        _sign_in(forged, "ada@acme.example", WRONG)

    assert not _signed_in(_sign_in(forged, "ada@acme.example", PASSWORD))


def test_the_counters_are_shared_between_two_server_processes(world: World) -> None:
    # given two web processes, each with its own client of the shared database cache
    web1, web2 = DatabaseCache(CACHE_TABLE, {}), DatabaseCache(CACHE_TABLE, {})
    # when the attacker's wrong passwords are split between them
    for i in range(10):
        with mock.patch.object(ratelimit, "cache", web1 if i % 2 else web2):
            _sign_in(Client(), "ada@acme.example", WRONG, addr="192.0.2.44")
    # then each process refuses the next try from that address: they counted together
    for web in (web1, web2):
        with mock.patch.object(ratelimit, "cache", web):
            response = _sign_in(Client(), "ada@acme.example", PASSWORD, addr="192.0.2.44")
            assert b"Too many wrong passwords" in response.content
