"""A partner's standing, computed once and kept in the shared cache until something changes it.

What a partner's pages compute (standing, chart, membership card, level warning, ledger
totals) depends on its ledger entries, its certifications, its review decisions, its own
row, the day, and the editions loaded. The key holds a digest of the partner's whole row
(any write to it — a plan change, a notice, a review's level — makes a new key) and the
day; for the other tables the services that write them replace a version token once
their transaction commits:

- `standing_changed(partner_id)`: ledger postings and reversals, certifications recorded
  or revoked, and the billing writes the plan page shows — a subscription started,
  changed, carried over, advanced by the billing run or ended unpaid, a quota used or
  given back (one partner's token);
- `standings_all_changed()`: a review writing decisions (one token for every partner);
- `editions_changed()`: an edition stored or replaced (`programs.services`).

A token, not a counter: if the cache evicts it, a new random one is drawn, so a stale
entry can never be addressed again. The token is replaced at once (so this transaction's
own later reads, and tests that never commit, see the change). On the database cache
(the default) inside a transaction, that write is part of the transaction: other
processes see the new token exactly when they see the new rows, and once is enough.
On any other cache (or outside a transaction) it is replaced again after the commit: a
page computed meanwhile from the not-yet-committed state is stored under the first token
and never read.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, router, transaction

from partnercenter.partners.models import Partner

T = TypeVar("T")

TIMEOUT = 24 * 3600
"""Seconds a computed value is kept (its key holds the day, so a day is enough)."""

ALL = "standing:v:all"
EDITIONS = "standing:v:editions"
"""Replaced when an edition is stored or replaced (`programs.services`): every key changes."""


def _version_key(partner_id: int) -> str:
    return f"standing:v:{partner_id}"


def _bump(key: str) -> None:
    cache.set(key, secrets.token_hex(8), timeout=None)


def _changed(key: str) -> None:
    _bump(key)
    if not _commits_with_the_transaction():
        transaction.on_commit(lambda: _bump(key))


def _commits_with_the_transaction() -> bool:
    """Whether a cache write now commits (or rolls back) with the caller's transaction: the
    database cache, on the connection the caller writes with, inside an atomic block."""
    backend = caches["default"]
    return (
        isinstance(backend, DatabaseCache)
        and router.db_for_write(backend.cache_model_class) == connection.alias
        and connection.in_atomic_block
    )


def standing_changed(partner_id: int) -> None:
    """Forget the partner's cached standing (now, and again when the transaction commits)."""
    _changed(_version_key(partner_id))


def standings_all_changed() -> None:
    """Forget every partner's cached standing (now, and again when the transaction commits)."""
    _changed(ALL)


def editions_changed() -> None:
    """Forget every cached standing and page part: an edition was stored or replaced."""
    _changed(EDITIONS)


def _tokens(partner_id: int) -> list[str]:
    """The partner's tokens: all partners, its own, the editions."""
    return _tokens_with(partner_id)[0]


def _tokens_with(partner_id: int, *also: str) -> tuple[list[str], dict[str, Any]]:
    """The partner's tokens (all partners, its own, the editions), drawn when missing, and
    the values of the `also` keys read with them in the same `get_many`."""
    return _read_tokens([ALL, _version_key(partner_id), EDITIONS], also)


def _read_tokens(keys: list[str], also: tuple[str, ...] = ()) -> tuple[list[str], dict[str, Any]]:
    """The tokens `keys`, each drawn when missing, and the values of `also`: one `get_many`."""
    found = cache.get_many([*keys, *also])
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return [str(found[k]) for k in keys], found


def standing_key(kind: str, partner: Partner, day: date) -> str:
    """The cache key of `kind` for this partner on `day` (see the module docstring)."""
    return _partner_key(kind, partner, [day.isoformat(), *_tokens(partner.pk)])


def _partner_key(kind: str, partner: Partner, parts: list[str]) -> str:
    """`kind`'s key for this partner: `parts` and the partner's whole row, digested."""
    row = [str(getattr(partner, f.attname)) for f in Partner._meta.concrete_fields]
    digest = hashlib.sha256("|".join([kind, *parts, *row]).encode()).hexdigest()[:32]
    return f"standing:{partner.pk}:{kind}:{digest}"


def standing_cached(kind: str, partner: Partner, day: date, compute: Callable[[], T]) -> T:
    """`compute()` for this partner on `day`, kept until a token changes: one cache read on a hit.

    The same freshness as `cached(standing_key(...))`, with the tokens stored inside the
    value instead of hashed into the key: the two tokens and the value are read together
    (`get_many`), and a value stored under other tokens is recomputed (then overwritten).
    """
    key = _partner_key(kind, partner, [day.isoformat()])
    listed, found = _tokens_with(partner.pk, key)
    tokens = tuple(listed)
    hit = found.get(key)
    if hit is not None and hit[0] == tokens:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, (tokens, value), timeout=TIMEOUT)
    return value


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value stored under `key`, or `compute()` stored there now (None is stored too)."""
    hit = cache.get(key)
    if hit is not None:
        return hit[0]  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, (value,), timeout=TIMEOUT)
    return value


PROGRAM_SECONDS = 300
"""How old a program-wide figure may be (every partner's window totals for sorting the
partner list, the staff dashboard's points by activity): any posting changes them, so they
are not invalidated but recomputed at most this often; pages say so."""


def program_cached(
    kind: str,
    day: date,
    compute: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
    *,
    after_reviews: bool = False,
) -> T:
    """A program-wide figure of `day`, recomputed at most every PROGRAM_SECONDS.

    With `keep`, a computed value is stored only when `keep(value)` (a small answer that
    is cheap to compute stays live). With `after_reviews`, also at once after a review's
    decisions (the all-partners token is part of the key)."""
    (every, editions), _ = _read_tokens([ALL, EDITIONS])
    parts = f"{kind}|{day.isoformat()}|{editions}|{every if after_reviews else ''}"
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    key = f"program:{kind}:{digest}"
    hit = cache.get(key)
    if hit is not None:
        return hit[0]  # type: ignore[no-any-return]
    value = compute()
    if keep is None or keep(value):
        cache.set(key, (value,), timeout=PROGRAM_SECONDS)
    return value
