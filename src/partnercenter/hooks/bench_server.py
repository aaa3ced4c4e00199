"""The servers and clients of the live webhook tests and `bench ingest`.

`local_server` runs gunicorn (the production server, `gunicorn.conf.py`) in a subprocess;
`fire` sends requests from client threads (the live tests; the bench uses the separate
load generator in `hooks/loadgen.py`).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

Job = tuple[str, bytes, dict[str, str]]
"""(path, body, headers) of one request."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_server(
    env: dict[str, str] | None = None,
    workers: int = 2,
    threads: int = 4,
    timeout: float = 60.0,
) -> Iterator[str]:
    """Run gunicorn (the production server with `gunicorn.conf.py`'s settings) in a
    subprocess; yield its base URL; stop it after. `workers` and `threads` reach the
    config file as WEB_CONCURRENCY and GUNICORN_THREADS, as in production (threads > 1:
    gunicorn's gthread worker, which keeps connections alive)."""
    port = free_port()
    metrics_dir = tempfile.mkdtemp(prefix="pc-metrics-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(Path(settings.BASE_DIR) / "gunicorn.conf.py")],
        env={
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            # Workers are not replaced mid-run (production: every ~2,000 requests): a
            # replacement's start-up would land in a timed slice as seconds of stall.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_ACCESS_LOG": "off",
            "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
            **(env or {}),
        },
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the local server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(metrics_dir, ignore_errors=True)


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
