"""The load generator of every bench (`bench ingest`, `bench pages`), run in its own process.

    python -m partnercenter.benchkit.loadgen REQUESTS.jsonl RESULTS.json \
        --url http://127.0.0.1:P --connections 16
    python -m partnercenter.benchkit.loadgen --timed < PLAN.json

The first form (`bench ingest`) reads pre-built requests (one JSON object a line: method,
path, body, headers), sends them from N concurrent keep-alive connections (asyncio
streams, stdlib only: no client library to install and no thread switching in the way),
and writes one JSON object: the wall time of the whole run and, per request in input
order, its status and latency. The second (`bench pages`) reads a plan on stdin —
{"host", "port", "clients", "seconds", "warmup", "targets": {name: [[path, cookie], ...]}}
— and, per target in turn, GETs each (path, cookie) once (the steady state of a page
read many times per change), runs `clients` connections through a warm-up and then for
`seconds`, each walking the target's list round-robin, and prints one JSON line: per
target the requests per second, p50/p95 in milliseconds and the answers that were not 200.
A server that closes each connection (gunicorn's sync worker) is reconnected to.
It runs beside the server, not in its process, so the server's workers are measured
alone and the generator's own cost shows up as CPU the machine shares, not as latency.
Django is not imported: this process stays small and starts fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlsplit

Request = tuple[bytes, str]
"""The request's bytes on the wire, and its label (e.g. a delivery id)."""


def encode(method: str, path: str, host: str, body: bytes, headers: dict[str, str]) -> bytes:
    """One HTTP/1.1 keep-alive request, ready to write."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the server closes the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    close = lines[0].startswith("HTTP/1.0")
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection":
            close = value.strip().lower() == "close"
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, close


BROKEN = (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError)
"""What a connection the server closed (or a garbled answer) raises."""


class _Connection:
    """One keep-alive client connection: opened when needed, dropped when the server says
    `Connection: close` (gunicorn's sync worker) or the exchange breaks."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def exchange(self, data: bytes, timeout: float) -> int:
        """Send one request and read its answer: the status (raises one of BROKEN)."""
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            self.writer.write(data)
            await self.writer.drain()
            status, close = await asyncio.wait_for(_read_response(self.reader), timeout)
        except BROKEN:
            self.drop()
            raise
        if close:
            self.drop()
        return status

    def drop(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run(
    url: str, requests: list[bytes], connections: int, timeout: float = 60.0
) -> dict[str, Any]:
    """Send every request from `connections` keep-alive connections; statuses and latencies."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    statuses = [0] * len(requests)
    latencies = [0.0] * len(requests)
    reconnects = 0
    cursor = iter(range(len(requests)))

    async def connection() -> None:
        nonlocal reconnects
        conn = _Connection(host, port)
        for index in cursor:
            started = time.perf_counter()
            status = -1
            for _attempt in range(3):
                try:
                    status = await conn.exchange(requests[index], timeout)
                    break
                except BROKEN:
                    # A keep-alive connection the server closed under us: a new one, again.
                    reconnects += 1
            statuses[index] = status
            latencies[index] = time.perf_counter() - started
        conn.drop()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return {
        "elapsed_s": time.perf_counter() - started,
        "statuses": statuses,
        "latencies_s": latencies,
        "reconnects": reconnects,
    }


async def _timed_target(plan: dict[str, Any], pairs: list[list[str]]) -> dict[str, Any]:
    """One target of a `--timed` plan: its rate, p50/p95 and failures (see the docstring)."""
    host, port, clients = plan["host"], int(plan["port"]), int(plan["clients"])
    netloc = f"{host}:{port}"
    wire = [
        encode("GET", path, netloc, b"", {"Cookie": cookie} if cookie else {})
        for path, cookie in pairs
    ]
    latencies: list[float] = []
    failures: dict[str, int] = {}
    counter = [0]

    async def client(deadline: float, record: bool, once: list[int] | None = None) -> None:
        conn = _Connection(host, port)
        todo = iter(once) if once is not None else None
        while True:
            if todo is not None:
                index = next(todo, None)
                if index is None:
                    break
            elif time.perf_counter() >= deadline:
                break
            else:
                index = counter[0] % len(wire)
                counter[0] += 1
            start = time.perf_counter()
            try:
                status = await conn.exchange(wire[index], 60)
                detail = str(status)
            except BROKEN as exc:
                status, detail = 0, type(exc).__name__
            if record:
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    label = f"{pairs[index][0]} {detail}"
                    failures[label] = failures.get(label, 0) + 1
        conn.drop()

    await client(0, False, once=list(range(len(wire))))
    await asyncio.gather(
        *(client(time.perf_counter() + float(plan["warmup"]), False) for _ in range(clients))
    )
    began = time.perf_counter()
    end = began + float(plan["seconds"])
    await asyncio.gather(*(client(end, True) for _ in range(clients)))
    elapsed = time.perf_counter() - began
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(ms),
        "per_s": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 2) if ms else None,
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2) if ms else None,
        "failed": sum(failures.values()),
        "failures": dict(sorted(failures.items())[:5]),
    }


def timed(plan: dict[str, Any]) -> dict[str, Any]:
    """Every target of a `--timed` plan in turn: {name: figures}."""
    return {
        name: asyncio.run(_timed_target(plan, pairs)) for name, pairs in plan["targets"].items()
    }


def main(argv: list[str] | None = None) -> None:
    """Read the requests file, fire, write the results file (or run a `--timed` plan)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("requests", nargs="?", help="JSON lines: {method, path, body, headers}")
    parser.add_argument("results", nargs="?", help="where to write the JSON results")
    parser.add_argument("--url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--timed", action="store_true", help="a timed plan on stdin (bench pages)")
    args = parser.parse_args(argv)
    if args.timed:
        sys.stdout.write(json.dumps(timed(json.load(sys.stdin))) + "\n")
        return
    if not (args.requests and args.results and args.url):
        parser.error("REQUESTS, RESULTS and --url are needed without --timed")
    host = urlsplit(args.url).netloc
    wire = []
    with open(args.requests, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            wire.append(
                encode(r["method"], r["path"], host, r["body"].encode(), r.get("headers", {}))
            )
    results = asyncio.run(run(args.url, wire, args.connections))
    with open(args.results, "w", encoding="utf-8") as out:
        json.dump(results, out)


if __name__ == "__main__":
    main()
