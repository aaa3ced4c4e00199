"""`partnercenter bench ingest`: acknowledged deliveries/s against a bare Django view.

Starts the production server (gunicorn with `gunicorn.conf.py`: WEB_CONCURRENCY = cores,
GUNICORN_THREADS) on bench-only settings that add `/bench/hello` (never in production
urls), and fires from a load generator in its own process (`benchkit/loadgen.py`, N keep-alive
connections): warm-up hello requests, checked warm-up deliveries, then timed slices of
hello requests and pre-signed community deliveries in turn. `acked` counts the 2xx
answers seen (warm-up ones included, as they were checked); the rates are the timed
slices'. Then `hooks_process` drainers empty the inbox, and each acknowledged delivery is
looked up in the ledger by its idempotency key: `lost` (none) and `doubled` (more than one).
With --durable-url the same run repeats against a durable PostgreSQL (`durable` block).
It writes to the database the settings name (bench data under its own partners).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from partnercenter.benchkit.server import local_server
from partnercenter.hooks import conf
from partnercenter.hooks.bench_server import Job
from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.signing import sign_timestamped


class Writer(Protocol):
    def write(self, text: str) -> Any: ...


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


Request = tuple[str, str, bytes, dict[str, str]]
"""(method, path, body, headers) of one request for the load generator."""

HELLO: Request = ("GET", "/bench/hello", b"", {})
PARTNERS = 50
"""Bench partners the deliveries are spread over (one partner's postings serialise)."""
ROUNDS = 4
"""Slices the timed hello and delivery requests alternate in."""


def load(url: str, requests: Sequence[Request], connections: int) -> dict[str, Any]:
    """Fire `requests` from the load generator, a separate process (`benchkit/loadgen.py`)."""
    with tempfile.TemporaryDirectory(prefix="pc-load-") as folder:
        given, got = Path(folder) / "requests.jsonl", Path(folder) / "results.json"
        with given.open("w", encoding="utf-8") as out:
            for method, path, body, headers in requests:
                row = {"method": method, "path": path, "body": body.decode(), "headers": headers}
                out.write(json.dumps(row) + "\n")
        subprocess.run(
            [sys.executable, "-m", "partnercenter.benchkit.loadgen", str(given), str(got)]
            + ["--url", url, "--connections", str(connections)],
            check=True,
        )
        return dict(json.loads(got.read_text()))


def _ms(values: list[float], q: float) -> float:
    return round(_percentile(sorted(values), q) * 1000, 2)


def _rate(ok: int, elapsed: float) -> float:
    return round(ok / elapsed, 1) if elapsed else 0.0


def _ledger_check(keys: list[str]) -> tuple[int, int]:
    """(lost, doubled): acknowledged keys with no ledger entry, keys with more than one."""
    from django.db.models import Count

    from partnercenter.ledger.models import Entry

    counts: dict[str, int] = {}
    for at in range(0, len(keys), 1000):
        rows = (
            Entry.objects.filter(idempotency_key__in=keys[at : at + 1000])
            .values("idempotency_key")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts.update((row["idempotency_key"], row["n"]) for row in rows)
    return len(keys) - len(counts), sum(1 for n in counts.values() if n > 1)


def _durability() -> dict[str, str]:
    """fsync and synchronous_commit as the database reports them (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            [["fsync", "synchronous_commit"]],
        )
        return {str(name): str(value) for name, value in cursor.fetchall()}


def bench_ingest(
    deliveries: int,
    connections: int,
    out: Writer,
    workers: int | None = None,
    threads: int = 4,
) -> dict[str, Any]:
    """Measure acknowledgements against a bare hello view on the same server, then drain
    and check the ledger; print and return the figures (see the module docstring)."""
    workers = workers or os.cpu_count() or 2
    # A fresh secret for this run: the DEBUG=0 server refuses the development one.
    conf.PARTNERCENTER_HOOK_SECRETS["community"] = secrets.token_urlsafe(32)
    run = uuid.uuid4().hex[:8]
    _bench_people(run, partners=PARTNERS)
    occurred = datetime.now(UTC).replace(microsecond=0).isoformat()

    def delivery(i: int) -> Request:
        path, body, headers = community_job(
            f"bench-{run}-{i}", f"bench-{run}-{i % PARTNERS}", occurred
        )
        return ("POST", path, body, headers)

    warm = max(10, min(200, deliveries // 10))
    warm_jobs = [delivery(i) for i in range(warm)]
    timed_jobs = [delivery(i) for i in range(warm, warm + deliveries)]
    hello = [HELLO] * max(ROUNDS, deliveries)
    durability = _durability()
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
    server_env = {**production, "DJANGO_SETTINGS_MODULE": "partnercenter.bench_settings"}
    # Hello and deliveries alternate in ROUNDS slices, so drift in what else loads the
    # machine weighs on both rates alike.
    hello_runs: list[dict[str, Any]] = []
    timed_runs: list[dict[str, Any]] = []
    with local_server(env=server_env, workers=workers, threads=threads) as url:
        load(url, [HELLO] * warm, connections)  # warm up: imports, connections, caches
        warmed = load(url, warm_jobs, connections)  # checked below like the timed ones
        for r in range(ROUNDS):
            hello_runs.append(load(url, hello[r::ROUNDS], connections))
            timed_runs.append(load(url, timed_jobs[r::ROUNDS], connections))
    hello_ok = sum(1 for run_ in hello_runs for status in run_["statuses"] if status == 200)
    hello_s = sum(run_["elapsed_s"] for run_ in hello_runs)
    hello_latencies = [t for run_ in hello_runs for t in run_["latencies_s"]]
    # Back to delivery order: slice r held deliveries r, r + ROUNDS, …
    timed_statuses = [0] * len(timed_jobs)
    timed_latencies = [0.0] * len(timed_jobs)
    for r, run_ in enumerate(timed_runs):
        timed_statuses[r::ROUNDS] = run_["statuses"]
        timed_latencies[r::ROUNDS] = run_["latencies_s"]
    timed_s = sum(run_["elapsed_s"] for run_ in timed_runs)
    reconnects = sum(run_["reconnects"] for run_ in [*hello_runs, *timed_runs])
    acked_ids = [
        f"bench-{run}-{i}"
        for i, status in enumerate([*warmed["statuses"], *timed_statuses])
        if status in (200, 202)
    ]
    timed_ok = sum(1 for status in timed_statuses if status in (200, 202))
    refused = len(warm_jobs) + len(timed_jobs) - len(acked_ids)

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
    lost, doubled = _ledger_check([f"community:{pk}" for pk in acked_ids])
    acked_per_s = _rate(timed_ok, timed_s)
    hello_per_s = _rate(hello_ok, hello_s)
    figures: dict[str, Any] = {
        "database": connection.vendor,
        **durability,
        "deliveries": len(timed_jobs),
        "warmup_deliveries": len(warm_jobs),
        "connections": connections,
        "server_workers": workers,
        "server_threads": threads,
        "acked": len(acked_ids),
        "refused_or_failed": refused,
        "acked_per_s": acked_per_s,
        "p50_ms": _ms(timed_latencies, 0.50),
        "p99_ms": _ms(timed_latencies, 0.99),
        "max_ms": _ms(timed_latencies, 1.0),
        "hello_requests": len(hello),
        "hello_per_s": hello_per_s,
        "hello_p99_ms": _ms(hello_latencies, 0.99),
        "ratio_to_hello": round(acked_per_s / hello_per_s, 3) if hello_per_s else 0.0,
        "reconnects": reconnects,
        "drain_workers": workers,
        "drain_s": round(drain_s, 2),
        "drain_per_s": _rate(len(acked_ids), drain_s),
        "lost": lost,
        "doubled": doubled,
    }
    for key, value in figures.items():
        out.write(f"{key:>18}: {value}\n")
    return figures


def add_ingest_arguments(parser: Any) -> None:
    """`bench ingest`'s options (the `bench` command's ingest sub-parser)."""
    parser.add_argument("--deliveries", type=int, default=5000, help="timed deliveries")
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent keep-alive connections"
    )
    parser.add_argument("--workers", type=int, default=None, help="server processes (cores)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per process")
    parser.add_argument(
        "--durable-url",
        default=os.environ.get("BENCH_DURABLE_DATABASE_URL", ""),
        help="also run against this PostgreSQL (fsync and synchronous_commit on); "
        "its figures go in the `durable` block (default: $BENCH_DURABLE_DATABASE_URL)",
    )
    parser.add_argument("--json-file", default="", help=argparse.SUPPRESS)


def ingest_command(opts: dict[str, Any], out: Writer) -> dict[str, Any]:
    """Run `bench ingest` here, then (with --durable-url) the same run on the durable
    database in a child process; return the figures with the durable ones beside."""
    if min(opts["deliveries"], opts["connections"], opts["server_threads"]) < 1:
        raise ValueError("--deliveries, --connections and --server-threads must be at least 1.")
    figures = bench_ingest(
        opts["deliveries"],
        opts["connections"],
        out,
        workers=opts["workers"],
        threads=opts["server_threads"],
    )
    if opts["durable_url"]:
        figures["durable"] = _durable_run(opts, out)
    if opts["json_file"]:
        Path(opts["json_file"]).write_text(json.dumps(figures))
    return figures


def _durable_run(opts: dict[str, Any], out: Writer) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": opts["durable_url"]}
    env.pop("BENCH_DURABLE_DATABASE_URL", None)
    partnercenter = [sys.executable, "-m", "partnercenter"]
    subprocess.run([*partnercenter, "migrate", "-v0"], env=env, check=True)
    with tempfile.TemporaryDirectory(prefix="pc-durable-") as folder:
        result = Path(folder) / "durable.json"
        out.write("durable PostgreSQL (fsync and synchronous_commit on):\n")
        done = subprocess.run(
            [*partnercenter, "bench", "ingest", f"--deliveries={opts['deliveries']}"]
            + [f"--connections={opts['connections']}", f"--json-file={result}"]
            + [f"--server-threads={opts['server_threads']}", "--durable-url="]
            + ([f"--workers={opts['workers']}"] if opts["workers"] else []),
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        out.write(done.stdout[: done.stdout.rfind("\n{") + 1])  # its figures, not its JSON
        return dict(json.loads(result.read_text()))
