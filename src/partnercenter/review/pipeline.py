"""How the chunks of a tier review run: one after another, with the next one read ahead by a
thread, or several at once (`concurrently`), each in its own connection and transaction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from typing import TypeVar

from django.db import connection

C = TypeVar("C")


def _in_line() -> bool:
    """Inside a caller's transaction (whose rows another connection could not see), and on
    an in-memory SQLite test database (whose shared cache locks whole tables), chunks run
    in line, in the caller's connection."""
    in_memory = connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", bool)()
    return connection.in_atomic_block or in_memory


def pipelined(
    prepare: Callable[[tuple[int, int]], C], ranges: list[tuple[int, int]]
) -> Iterator[C]:
    """Yield each chunk prepared (read and decided), in order, while a thread reads and decides
    the next one: the drivers release the GIL while the database works. The thread reads
    only, and sees committed rows only (see `_in_line`)."""
    return _ahead(prepare, ranges, 1, 1)


THREADS = 2
"""Chunks the database decides at once (`concurrently`): one per core of a 2-core server."""


def concurrently(
    work: Callable[[tuple[int, int]], C], ranges: list[tuple[int, int]]
) -> Iterator[C]:
    """Yield `work(bounds)` for each range, in order, with up to `THREADS` running at once,
    each in a thread with its own connection and transaction (so chunks may commit out of
    order; each commits whole), or one after another (see `_in_line`)."""
    return _ahead(work, ranges, THREADS, len(ranges))


def _ahead(
    work: Callable[[tuple[int, int]], C], ranges: list[tuple[int, int]], threads: int, ahead: int
) -> Iterator[C]:
    """`work(bounds)` of each range in order, `threads` ranges at a time in threads (each
    closing its connection when done), at most `ahead` of them started before the caller
    takes the next result: 1 when results are big (prepared rows), all when a thread that
    finishes early should go straight on to the next range."""
    if len(ranges) < 2 or _in_line():
        for bounds in ranges:
            yield work(bounds)
        return

    def in_thread(bounds: tuple[int, int]) -> C:
        try:
            return work(bounds)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="review") as pool:
        queue = iter(ranges)
        pending = deque(pool.submit(in_thread, b) for b in islice(queue, max(threads, ahead)))
        try:
            while pending:
                done = pending.popleft().result()
                for bounds in islice(queue, 1):
                    pending.append(pool.submit(in_thread, bounds))
                yield done
        finally:
            for future in pending:
                future.cancel()
