"""Refuse an oversized request body before it is read (issue 8, defect 4).

Django's multipart parser spools a whole upload to disk before any view can look at its
size, so a 300 MB body was written out and only then refused. This middleware runs before
anything touches the body: a declared `Content-Length` above the limit for the path is
answered 413 at once, and a body without one (chunked, which a server such as gunicorn
de-chunks and marks `wsgi.input_terminated`) is read through a reader that raises after
the limit, so no more than the limit is ever read.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from partnercenter.submissions.evidence import MAX_BYTES as EVIDENCE_MAX_BYTES

MB = 1024 * 1024
FORM_OVERHEAD = 1 * MB
"""Room for the other form fields and the multipart boundaries around a file."""

WEBHOOK_MAX_BYTES = 1 * MB
"""A webhook delivery is a small JSON document; nothing a source sends comes near 1 MB."""

IMPORT_MAX_BYTES = 20 * MB
"""The largest CSV file the back-office import page accepts."""


@dataclass(frozen=True)
class Limit:
    """The largest body accepted on the paths matching `pattern`, and what to call it."""

    pattern: re.Pattern[str]
    max_bytes: int
    what: str


LIMITS: tuple[Limit, ...] = (
    Limit(
        re.compile(r"^/portal/activities/(new|\d+/evidence)/$"),
        EVIDENCE_MAX_BYTES + FORM_OVERHEAD,
        f"an evidence file is at most {EVIDENCE_MAX_BYTES // MB} MB "
        f"({(EVIDENCE_MAX_BYTES + FORM_OVERHEAD) // MB} MB with the form)",
    ),
    Limit(
        re.compile(r"^/api/v1/partners/[^/]+/submissions/upload$"),
        EVIDENCE_MAX_BYTES + FORM_OVERHEAD,
        f"an evidence file is at most {EVIDENCE_MAX_BYTES // MB} MB "
        f"({(EVIDENCE_MAX_BYTES + FORM_OVERHEAD) // MB} MB with the form)",
    ),
    Limit(
        re.compile(r"^/backoffice/import/"),
        IMPORT_MAX_BYTES + FORM_OVERHEAD,
        f"a CSV import is at most {IMPORT_MAX_BYTES // MB} MB "
        f"({(IMPORT_MAX_BYTES + FORM_OVERHEAD) // MB} MB with the form)",
    ),
    Limit(
        re.compile(r"^/portal/public-page/$"),
        2 * MB + FORM_OVERHEAD,
        "a logo is at most 2 MB (3 MB with the form)",
    ),
    Limit(
        re.compile(r"^/hooks/"),
        WEBHOOK_MAX_BYTES,
        f"a webhook delivery is at most {WEBHOOK_MAX_BYTES // MB} MB",
    ),
)


def limit_for(path: str) -> Limit:
    """The limit for a request path; anything not listed gets Django's data limit."""
    for limit in LIMITS:
        if limit.pattern.match(path):
            return limit
    default = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
    return Limit(re.compile(""), default, f"this page accepts at most {_size(default)}")


class BodyTooLarge(Exception):
    """The body went past its limit while it was being read."""


class CappedReader:
    """A file-like `wsgi.input` that raises BodyTooLarge once more than `cap` bytes are read."""

    def __init__(self, stream: IO[bytes], cap: int) -> None:
        self.stream = stream
        self.cap = cap
        self.seen = 0

    def _count(self, data: bytes) -> bytes:
        self.seen += len(data)
        if self.seen > self.cap:
            raise BodyTooLarge
        return data

    def read(self, size: int = -1) -> bytes:
        """Read at most one byte past the cap (enough to know it was passed)."""
        room = self.cap + 1 - self.seen
        size = room if size is None or size < 0 else min(size, room)
        return self._count(self.stream.read(size)) if size > 0 else b""

    def readline(self, size: int = -1) -> bytes:
        """Like read, one line at a time."""
        room = self.cap + 1 - self.seen
        size = room if size is None or size < 0 else min(size, room)
        return self._count(self.stream.readline(size)) if size > 0 else b""


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".0 MB", " MB")


def too_large(request: HttpRequest, limit: Limit) -> HttpResponse:
    """413: JSON `{code, message, field}` for the API and webhooks, a branded page otherwise."""
    message = f"The request is too large: {limit.what}."
    if request.path.startswith(("/api/", "/hooks/")):
        return JsonResponse(
            {"code": "request_too_large", "message": message, "field": ""}, status=413
        )
    html = render_to_string(
        "web/too_large.html", {"message": message, "limit": _size(limit.max_bytes)}, request
    )
    return HttpResponse(html, status=413)


def _declared_length(request: HttpRequest) -> int | None:
    raw = request.META.get("CONTENT_LENGTH") or ""
    try:
        return int(raw) if raw else None
    except (TypeError, ValueError):
        return None


class BodyLimitMiddleware:
    """First after SecurityMiddleware: nothing before it reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = limit_for(request.path_info)
        length = _declared_length(request)
        if length is not None:
            if length > limit.max_bytes:
                return too_large(request, limit)
        elif request.META.get("wsgi.input_terminated"):
            # No Content-Length (chunked): read it now, capped, so the parsers see a
            # body of known length and never more than the limit is taken in.
            try:
                self._buffer(request, limit.max_bytes)
            except BodyTooLarge:
                return too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def _buffer(request: Any, cap: int) -> None:
        reader = CappedReader(request.META["wsgi.input"], cap)
        request.META["wsgi.input"] = reader
        # The spool lives as long as the request; it is closed when garbage-collected.
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        )
        while chunk := reader.read(64 * 1024):
            spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)  # type: ignore[arg-type]
