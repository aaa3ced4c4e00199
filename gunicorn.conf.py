"""gunicorn settings for Partner Center: `gunicorn -c gunicorn.conf.py partnercenter.wsgi`.

Environment:
  PORT / GUNICORN_BIND        where to listen (default 127.0.0.1:8000; a TLS proxy in front)
  WEB_CONCURRENCY             worker processes (default 2 x CPUs + 1, at most 8)
  GUNICORN_THREADS            threads per worker (default 1)
  GUNICORN_TIMEOUT            seconds before a stuck worker is restarted (default 60)
  GUNICORN_MAX_REQUESTS       requests before a worker is replaced (default 2000; 0: never;
                              `bench ingest` sets 0 so no restart falls inside a timed run)
  GUNICORN_ACCESS_LOG         "-" for stderr (default), a path, or "off"
  PROMETHEUS_MULTIPROC_DIR    where worker processes write their metrics (default
                              var/prometheus; emptied at start; one per deployment)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

_root = Path(__file__).resolve().parent
_var = Path(os.environ.get("PARTNERCENTER_VAR_DIR") or _root / "var")

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
wsgi_app = "partnercenter.wsgi:application"
proc_name = "partnercenter-web"

_access = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access == "off" else _access
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Behind a TLS proxy on the same host: trust its X-Forwarded-* headers (gunicorn default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# prometheus_client reads this when first imported, so it is set before any worker starts.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_var / "prometheus"))


def on_starting(server: Any) -> None:
    """Start with an empty metrics folder: files of a previous run would be added up."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker process ended: drop its live gauges from the multi-process metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
