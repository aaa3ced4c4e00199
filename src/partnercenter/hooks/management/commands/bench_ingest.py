"""`partnercenter bench_ingest --deliveries N`: webhook ingest rate, ack times and drain time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnercenter.hooks.bench import bench_ingest


class Command(BaseCommand):
    help = "Fire N signed deliveries at a local server; report deliveries/s, p50/p99, drain time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deliveries", type=int, default=2000)
        parser.add_argument("--threads", type=int, default=8, help="Client threads.")
        parser.add_argument("--workers", type=int, default=2, help="Server processes.")

    def handle(self, *args: Any, deliveries: int, threads: int, workers: int, **opts: Any) -> None:
        if deliveries < 1 or threads < 1 or workers < 1:
            raise CommandError("--deliveries, --threads and --workers must be at least 1.")
        figures = bench_ingest(deliveries, threads, self.stdout, workers=workers)
        if not figures["all_in_ledger"]:
            raise CommandError("Not every delivery reached the ledger.")
