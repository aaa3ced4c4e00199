"""The production server for a bench run: gunicorn on `gunicorn.conf.py`, in a subprocess.

Used by `bench ingest`, `bench pages` and the live webhook tests, so measurements and
live tests run on the server production runs.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


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
    ready_path: str = "/healthz",
) -> Iterator[str]:
    """Run gunicorn (the production server with `gunicorn.conf.py`'s settings) in a
    subprocess; yield its base URL; stop it after. `workers` and `threads` reach the
    config file as WEB_CONCURRENCY and GUNICORN_THREADS, as in production (threads > 1:
    gunicorn's gthread worker, which keeps connections alive). `env` may name its own
    PROMETHEUS_MULTIPROC_DIR; it is ready once `ready_path` answers 200."""
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
                conn.request("GET", ready_path)
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
