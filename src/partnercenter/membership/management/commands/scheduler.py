"""`partnercenter scheduler [--once --as-of D] [--json]`: run what is due (review, billing,
reminders, lapses, terminations, deadlines, the outbox), each at most once per period."""

from __future__ import annotations

import json
import signal
import time
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from partnercenter.membership.scheduler import run_due
from partnercenter.ops.health import HEARTBEAT_EVERY_SECONDS, heartbeat_enqueue
from partnercenter.review.cli_format import parse_day


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs that are due. Without --once: a long-running loop that wakes "
        "every minute. With --once: one pass for --as-of (default today, UTC), for tests and cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--as-of", help="YYYY-MM-DD (with --once; default: today, UTC)")
        parser.add_argument("--json", action="store_true", help="print every job's result as JSON")
        parser.add_argument("--interval", type=int, default=60, help="seconds between passes")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["as_of"] and not opts["once"]:
            raise CommandError("--as-of: only with --once (the loop always runs for today).")
        if opts["once"]:
            as_of = parse_day(opts["as_of"])
            self._report(as_of.isoformat(), run_due(as_of=as_of), opts["json"])
            return
        stop = {"now": False}

        def _stop(*_: Any) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        self.stdout.write(f"scheduler: running every {opts['interval']} s (Ctrl-C stops)")
        try:
            while not stop["now"]:
                close_old_connections()
                as_of = datetime.now(UTC).date()
                try:
                    results = run_due(as_of=as_of)
                except Exception as exc:  # the database went away: try again next minute
                    self.stderr.write(f"scheduler: pass failed: {type(exc).__name__}: {exc}")
                    results = {}
                ran = {k: v for k, v in results.items() if v["status"] in ("done", "failed")}
                if ran:
                    self._report(as_of.isoformat(), ran, opts["json"])
                slept = 0.0
                while slept < opts["interval"] and not stop["now"]:
                    if slept % HEARTBEAT_EVERY_SECONDS == 0:
                        _heartbeat(self)
                    _inbox_wake(self)
                    time.sleep(1)
                    slept += 1
        except KeyboardInterrupt:
            pass
        self.stdout.write("scheduler: stopped")

    def _report(self, as_of: str, results: dict[str, dict[str, Any]], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"as_of": as_of, "jobs": results}, indent=2))
            return
        for name, r in results.items():
            detail = ""
            if "result" in r:
                detail = ", ".join(f"{k} {v}" for k, v in r["result"].items()) or "nothing"
            elif "reason" in r or "error" in r:
                detail = r.get("reason") or r.get("error", "")
            period = f" [{r['period']}]" if "period" in r else ""
            self.stdout.write(
                f"{as_of} {name}{period}: {r['status'].replace('_', ' ')}"
                + (f": {detail}" if detail else "")
            )


def _heartbeat(command: BaseCommand) -> None:
    """Queue the worker heartbeat that `/readyz` reads (ops); a database hiccup waits."""
    try:
        close_old_connections()
        heartbeat_enqueue()
    except Exception as exc:
        command.stderr.write(f"scheduler: heartbeat failed: {type(exc).__name__}: {exc}")


def _inbox_wake(command: BaseCommand) -> None:
    """Queue the webhook inbox's drain job when deliveries wait (hooks; one EXISTS a second):
    acknowledging a delivery queues nothing, its inbox row is the queue."""
    from partnercenter.hooks.services import inbox_wake

    try:
        inbox_wake()
    except Exception as exc:
        command.stderr.write(f"scheduler: inbox poll failed: {type(exc).__name__}: {exc}")
