"""`partnercenter bench ingest`: deliveries per second, acknowledgement times, drain time.

Starts a local gunicorn (the production server, several processes), fires
signed community deliveries from client threads over keep-alive connections,
reports the sustained rate and p50/p99 acknowledgement time, then drains the
inbox with as many `hooks_process` workers as server processes, and checks
every delivery is in the ledger (drain time includes the workers' start-up).
It writes to the database the settings name (bench data under its own partner).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from partnercenter.hooks import conf
from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.signing import sign_timestamped


class Writer(Protocol):
    def write(self, text: str) -> Any: ...


Job = tuple[str, bytes, dict[str, str]]
"""(path, body, headers) of one request."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_server(
    env: dict[str, str] | None = None, workers: int = 2, timeout: float = 60.0
) -> Iterator[str]:
    """Run gunicorn (the production server, `gunicorn.conf.py`) in a subprocess; yield its
    base URL; stop it after. Threaded workers, so concurrent clients are served at once."""
    port = free_port()
    metrics_dir = tempfile.mkdtemp(prefix="pc-metrics-")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(Path(settings.BASE_DIR) / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "16",
            "--backlog",
            "1024",
        ],
        env={
            **os.environ,
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


def community_job(delivery_id: str, username: str, occurred_at: str) -> Job:
    """A signed forum-post delivery, signed now (the timestamp must be fresh)."""
    body = json.dumps(
        {
            "id": delivery_id,
            "type": "forum.post_created",
            "username": username,
            "occurred_at": occurred_at,
            "title": "Bench post",
        }
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Community-Signature": sign_timestamped(secret_for("community"), body),
    }
    return "/hooks/community", body, headers


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def _bench_people(run: str, partners: int) -> list[Any]:
    """Partners with one person each: one partner's postings serialise, many run side by side."""
    from django.utils import timezone

    from partnercenter.linkedaccounts.models import LinkedAccount, Provider, VerifiedVia
    from partnercenter.partners.models import Person
    from partnercenter.partners.services import partner_create
    from partnercenter.programs.selectors import NoEdition, edition_at
    from partnercenter.programs.services import edition_load

    try:
        edition_at(date.today())
    except NoEdition:
        edition_load(path=settings.BASE_DIR / "programs/exponential/2025-01-01.toml")
    people = []
    for n in range(partners):
        partner = partner_create(
            slug=f"bench-ingest-{run}-{n}", name=f"Bench ingest {run} {n}", profile="it"
        )
        people.append(
            Person.objects.create(
                partner=partner, name="Bench", email=f"bench-{run}-{n}@bench.test"
            )
        )
    # Monitored deliveries credit only linked accounts: one verified link per person, in bulk.
    LinkedAccount.objects.bulk_create(
        LinkedAccount(
            person=person,
            provider=Provider.COMMUNITY,
            login=f"bench-{run}-{n}",
            verified_via=VerifiedVia.STAFF,
            reason="benchmark",
            linked_at=timezone.now(),
        )
        for n, person in enumerate(people)
    )
    return people


def bench_ingest(deliveries: int, threads: int, out: Writer, workers: int = 2) -> dict[str, Any]:
    """Measure acknowledgement and drain of `deliveries` signed deliveries; print and return figures."""
    from partnercenter.hooks.models import Delivery, DeliveryStatus
    from partnercenter.ledger.models import Entry

    # A fresh secret for this run: the DEBUG=0 server refuses the development one.
    conf.PARTNERCENTER_HOOK_SECRETS["community"] = secrets.token_urlsafe(32)
    run = uuid.uuid4().hex[:8]
    people = _bench_people(run, partners=10)
    occurred = datetime.now(UTC).replace(microsecond=0).isoformat()
    jobs = [
        community_job(f"bench-{run}-{i}", f"bench-{run}-{i % len(people)}", occurred)
        for i in range(deliveries)
    ]
    connection.close()  # the server processes open their own
    # As deployed: DEBUG=0 (no per-query bookkeeping, no debug pages), so a real key and
    # webhook secret (production refuses development ones), plain http on 127.0.0.1.
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PARTNERCENTER_HOOK_SECRET_COMMUNITY": secret_for("community"),
        "SECURE_SSL_REDIRECT": "0",
        "PARTNERCENTER_LOG_LEVEL": "WARNING",
    }
    with local_server(env=production, workers=workers) as url:
        fire(url, jobs[: min(50, len(jobs))], threads)  # warm up (these count too)
        started = time.perf_counter()
        results = fire(url, jobs[min(50, len(jobs)) :], threads)
        elapsed = time.perf_counter() - started
    acked = [s for s, _ in results if s in (200, 202)]
    latencies = sorted(t for _, t in results)
    drain_started = time.perf_counter()
    drainers = [
        subprocess.Popen(
            [sys.executable, "-m", "partnercenter", "hooks_process"],
            stdout=subprocess.DEVNULL,
            env={**os.environ, **production},
        )
        for _ in range(workers)
    ]
    for drainer in drainers:
        drainer.wait()
    drain_s = time.perf_counter() - drain_started
    drained = Delivery.objects.filter(
        delivery_id__startswith=f"bench-{run}-", status=DeliveryStatus.PROCESSED
    ).count()
    in_ledger = Entry.objects.filter(idempotency_key__startswith=f"community:bench-{run}-").count()
    figures = {
        "database": connection.vendor,
        "deliveries": deliveries,
        "threads": threads,
        "server_workers": workers,
        "acked": len(acked) + min(50, len(jobs)),
        "acked_per_s": round(len(results) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round((latencies[-1] if latencies else 0) * 1000, 2),
        "drained": drained,
        "drain_workers": workers,
        "drain_s": round(drain_s, 2),
        "drain_per_s": round(drained / drain_s, 1) if drain_s else 0.0,
        "in_ledger": in_ledger,
        "all_in_ledger": in_ledger == deliveries,
    }
    for key, value in figures.items():
        out.write(f"{key:>16}: {value}\n")
    return figures
