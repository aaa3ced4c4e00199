"""Chunks of a tier review prepared ahead of their writing: in line, by a thread, or by
forked worker processes (PostgreSQL, `WORKERS` > 0). Reads only: what is committed, and
when, stays the writing process's alone (`services.review_run`).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol, TypeVar

from asgiref.local import Local
from django.db import connection, connections
from django.utils import timezone

from partnercenter.review import writer


class Chunk(Protocol):
    """What a prepared chunk carries to its writer: decision rows, or them as COPY text."""

    rows: list[tuple[Any, ...]]
    text: str | None
    row_count: int


C = TypeVar("C", bound=Chunk)


WORKERS = 0
"""Worker processes that read and decide chunks on PostgreSQL; with 0 (the default), a thread
prepares the next chunk instead, as on SQLite. Measured on a loaded 2-core machine (issue 14,
docs/benchmarks.md), two workers made the review slower (4.0 s against 3.4 s for 20,000
partners in chunks of 5,000): writing, not deciding, is the critical path, and the workers
compete with PostgreSQL for the cores. `bench review --workers 2` measures them again."""


@dataclass(frozen=True)
class _Job:
    """What a worker process needs to prepare any chunk of one review (inherited by fork,
    so the function, its edition and its compiled evaluator are never pickled)."""

    prepare: Callable[[tuple[int, int]], Any]
    format_copy: bool


_FORKED: dict[str, _Job] = {}
"""The job of the review that forked this worker process (set just before the fork)."""


def _prepare_in_worker(bounds: tuple[int, int]) -> Any:
    """In a worker process: read and decide one chunk on the worker's own connection.

    The rows travel back as COPY text (one string pickles far faster than
    thousands of tuples); the parent writes them. Reads only: the worker never
    writes, so what is committed, and when, stays the parent's alone.
    """
    job = _FORKED["job"]
    prepared = job.prepare(bounds)
    if job.format_copy and len(prepared.rows) >= writer.COPY_FROM:
        prepared.text = writer.copy_text(prepared.rows, timezone.now())
        prepared.row_count = len(prepared.rows)
        prepared.rows = []
    return prepared


def pipelined(
    prepare: Callable[[tuple[int, int]], C], ranges: list[tuple[int, int]], *, format_copy: bool
) -> Iterator[C]:
    """Yield each chunk prepared, in order, while the following ones are read and decided.

    On PostgreSQL with `WORKERS` > 0, forked processes (own connections, reads only)
    prepare the next chunks while the caller writes one (as COPY text with
    `format_copy`). Otherwise a thread prepares
    chunk n+1 while chunk n is written: the drivers release the GIL while the
    database works. Either sees committed rows only, so inside a caller's
    transaction (whose rows it could not see), and on an in-memory SQLite test
    database (whose shared cache locks whole tables), chunks are prepared in line.
    """
    in_memory = connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", bool)()
    if len(ranges) < 2 or connection.in_atomic_block or in_memory:
        for bounds in ranges:
            yield prepare(bounds)
        return
    if connection.vendor == "postgresql" and WORKERS > 0:
        yield from _in_processes(ranges, _Job(prepare, format_copy))
        return

    def in_thread(bounds: tuple[int, int]) -> C:
        try:
            return prepare(bounds)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-read") as pool:
        future = pool.submit(in_thread, ranges[0])
        for following in [*ranges[1:], None]:
            prepared = future.result()
            if following is not None:
                future = pool.submit(in_thread, following)
            yield prepared


def _in_processes(ranges: list[tuple[int, int]], job: _Job) -> Iterator[Any]:
    """Chunks prepared by forked worker processes, yielded in order, a few ahead at most.

    This process's connection is closed before the fork (a child must not share
    its socket) and reopens on the next query; each worker opens its own.
    """
    connections.close_all()
    _FORKED["job"] = job
    ahead = WORKERS + 1
    pending: deque[Future[Any]] = deque()
    workers = min(WORKERS, len(ranges))
    with ProcessPoolExecutor(workers, _FORK, initializer=_fresh_connections) as pool:
        try:
            queue = iter(ranges)
            for bounds in islice(queue, ahead):
                pending.append(pool.submit(_prepare_in_worker, bounds))
            while pending:
                prepared = pending.popleft().result()
                for bounds in islice(queue, 1):
                    pending.append(pool.submit(_prepare_in_worker, bounds))
                yield prepared
        finally:
            for future in pending:
                future.cancel()
            _FORKED.clear()


_FORK = multiprocessing.get_context("fork")
"""Workers are forked: they inherit the edition, the compiled evaluator and Django's setup."""

_INHERITED: list[Any] = []
"""In a worker: the parent's connection handlers, kept referenced and never used."""


def _fresh_connections() -> None:
    """In a new worker: open its own database connections, whatever it inherited.

    The parent closes its connections before forking, but any connection object a
    fork copies (another alias, one opened by a thread) shares the parent's socket:
    used here, two processes would read each other's answers. The inherited objects
    are kept referenced, so that no finalizer closes the parent's session either.
    """
    handler: Any = connections  # Django keeps them in `_connections`, a thread-local
    _INHERITED.append(handler._connections)
    handler._connections = Local(handler.thread_critical)
