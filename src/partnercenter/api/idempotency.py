"""`Idempotency-Key` on POST: the same key and request replay the stored response.

Applied to every operation as a ninja "view" decorator (it sees the final
response). The key is reserved in its own transaction before the handler runs,
so two concurrent requests with one key cannot both act: the second gets 409
"in progress". Another request under a used key gets 409 naming the key. Only
responses that settle the request are stored (2xx and business 4xx); a 5xx,
401, 403 or 429 frees the key so the client may retry. Anonymous callers
(operations with `auth=None`, such as applying) are keyed by their address.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from partnercenter.api import conf
from partnercenter.api.models import IdempotentRequest
from partnercenter.api.selectors import token_for_secret

HEADER = "Idempotency-Key"
UNSETTLED = {401, 403, 429}
ABANDONED = timedelta(minutes=10)
"""A key claimed this long ago by a request that never answered is free again."""


def _refuse(status: int, code: str, message: str) -> HttpResponse:
    return JsonResponse({"code": code, "message": message, "field": HEADER}, status=status)


def _user_id(request: HttpRequest) -> int | None:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        token = token_for_secret(auth[7:].strip())
        return token.user_id if token is not None else None
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _address(request: HttpRequest) -> str:
    """Who an anonymous caller is: the peer address, hashed (never stored in clear)."""
    peer = str(request.META.get("REMOTE_ADDR") or "unknown")
    return hashlib.sha256(peer.encode()).hexdigest()


def fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path, query and body (JSON key order aside)."""
    digest = hashlib.sha256()
    digest.update(
        f"{request.method} {request.path}?{request.META.get('QUERY_STRING', '')}".encode()
    )
    if (request.content_type or "").startswith("multipart/"):
        # Boundaries differ between identical uploads; compare fields and file contents.
        for name, value in sorted(request.POST.lists()):
            digest.update(json.dumps([name, value]).encode())
        for name, files in sorted(request.FILES.lists()):
            for f in files:
                digest.update(name.encode())
                for chunk in f.chunks():
                    digest.update(chunk)
                f.seek(0)
    else:
        body = request.body
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body), sort_keys=True).encode()
        digest.update(body)
    return digest.hexdigest()


def _purge() -> None:
    cutoff = timezone.now() - timedelta(hours=max(24, conf.IDEMPOTENCY_KEEP_HOURS))
    IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()


def idempotent(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an operation's `run`: POSTs with a key are reserved, run once, then replayed."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or not key:
            return run(request, *args, **kwargs)
        if len(key) > 200:
            return _refuse(400, "invalid_idempotency_key", f"{HEADER} is at most 200 characters.")
        owner = _user_id(request)
        # Without a user the key is the address's: an operation that needs a user answers
        # 401 itself (unsettled, so the row is freed); an anonymous one is replayed.
        scope: dict[str, Any] = (
            {"owner_id": owner}
            if owner is not None
            else {"owner": None, "address": _address(request)}
        )
        fp = fingerprint(request)
        if random.random() < 0.01:
            _purge()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    **scope, key=key, fingerprint=fp, method="POST", path=request.path[:500]
                )
        except IntegrityError:
            stored = IdempotentRequest.objects.filter(**scope, key=key).first()
            if stored is None:
                return _refuse(409, "idempotency_key_in_progress", "Retry in a moment.")
            if stored.fingerprint != fp:
                return _refuse(
                    409,
                    "idempotency_key_reused",
                    f"{HEADER} {key!r} was already used with a different request "
                    f"({stored.method} {stored.path}); use a new key for a new request.",
                )
            if stored.status is None and stored.created_at < timezone.now() - ABANDONED:
                # The request that claimed the key died before answering: let this one run.
                IdempotentRequest.objects.filter(pk=stored.pk, status__isnull=True).delete()
                return wrapper(request, *args, **kwargs)
            if stored.status is None:
                response = _refuse(
                    409,
                    "idempotency_key_in_progress",
                    f"A request with {HEADER} {key!r} is running.",
                )
                response["Retry-After"] = "1"
                return response
            replay = HttpResponse(
                bytes(stored.body), status=stored.status, content_type=stored.content_type
            )
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = run(request, *args, **kwargs)
        if response.status_code >= 500 or response.status_code in UNSETTLED:
            IdempotentRequest.objects.filter(pk=record.pk).delete()
        else:
            IdempotentRequest.objects.filter(pk=record.pk).update(
                status=response.status_code,
                body=getattr(response, "content", b""),
                content_type=response.get("Content-Type", "application/json"),
            )
        return response

    return wrapper
