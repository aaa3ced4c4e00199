"""The clients of the live webhook tests: `fire` sends requests from client threads.

The server (`local_server`, gunicorn) is `benchkit.server`'s, re-exported here for the
live tests; `bench ingest` uses the load generator `benchkit.loadgen`.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Sequence

from partnercenter.benchkit.server import free_port, local_server

__all__ = ["Job", "fire", "free_port", "local_server"]

Job = tuple[str, bytes, dict[str, str]]
"""(path, body, headers) of one request."""


def fire(base_url: str, jobs: Sequence[Job], threads: int) -> list[tuple[int, float]]:
    """Send every job from `threads` client threads (one keep-alive connection each).

    Returns (status, seconds) per job, in job order.
    """
    host, _, port = base_url.removeprefix("http://").partition(":")
    results: list[tuple[int, float]] = [(0, 0.0)] * len(jobs)
    cursor = iter(range(len(jobs)))
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            path, body, headers = jobs[index]
            started = time.perf_counter()
            for attempt in range(3):
                try:
                    conn.request("POST", path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=60)
                    if attempt == 2:
                        raise
            results[index] = (response.status, time.perf_counter() - started)
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results
