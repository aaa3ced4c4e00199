"""A small HTTP load generator, run in its own process: `python -m partnercenter.standing.bench.load`.

Reads a JSON plan on stdin — {"host", "port", "clients", "seconds", "warmup",
"targets": {name: [[path, cookie], ...]}} — and prints one JSON object: per target the
requests per second, p50/p95 in milliseconds, and how many answers were not 200.
Every (path, cookie) is requested once before the timed warm-up; then
`clients` connections run concurrently (asyncio, one request per connection, as
gunicorn's sync workers close each connection); each client walks its target's
(path, cookie) list round-robin. Standard library only, so it stays light.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any


async def _get(host: str, port: int, path: str, cookie: str) -> int:
    """One GET; returns the status code (the body is read to the end and dropped)."""
    reader, writer = await asyncio.open_connection(host, port)
    head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    writer.write((head + "\r\n").encode())
    await writer.drain()
    status_line = await reader.readline()
    while await reader.read(65536):
        pass
    writer.close()
    parts = status_line.split()
    return int(parts[1]) if len(parts) > 1 else 0


async def _run_target(plan: dict[str, Any], pairs: list[list[str]]) -> dict[str, Any]:
    host, port, clients = plan["host"], int(plan["port"]), int(plan["clients"])
    latencies: list[float] = []
    failures: dict[str, int] = {}
    counter = [0]

    async def client(deadline: float, record: bool) -> None:
        while time.perf_counter() < deadline:
            path, cookie = pairs[counter[0] % len(pairs)]
            counter[0] += 1
            start = time.perf_counter()
            try:
                status = await _get(host, port, path, cookie)
            except OSError as exc:
                status, detail = 0, type(exc).__name__
            else:
                detail = str(status)
            if record:
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    failures[f"{path} {detail}"] = failures.get(f"{path} {detail}", 0) + 1

    # Each (path, cookie) once first: the steady state of a page read many times per change
    # (a partner's standing is computed once, then read from the cache).
    for path, cookie in pairs:
        await _get(host, port, path, cookie)
    warm = time.perf_counter() + float(plan["warmup"])
    await asyncio.gather(*(client(warm, False) for _ in range(clients)))
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


def main() -> None:
    """Run every target of the plan in turn, printing the figures as one JSON line."""
    plan = json.load(sys.stdin)
    out = {}
    for name, pairs in plan["targets"].items():
        out[name] = asyncio.run(_run_target(plan, pairs))
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
