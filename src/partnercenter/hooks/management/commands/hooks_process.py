"""`partnercenter hooks_process`: drain the webhook inbox (all received deliveries) and exit."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnercenter.hooks.services import deliveries_drain, deliveries_recheck_parked


class Command(BaseCommand):
    help = "Process every received webhook delivery (safe beside `db_worker`); --watch keeps going."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument("--watch", action="store_true", help="Keep polling every second.")

    def handle(self, *args: Any, batch: int, watch: bool, **options: Any) -> None:
        while True:
            unparked = deliveries_recheck_parked()
            if unparked:
                self.stdout.write(f"{unparked} parked deliveries now have a linked person")
            done = deliveries_drain(batch=batch)
            if done or not watch:
                self.stdout.write(f"processed {done} deliveries")
            if not watch:
                return
            if not done:
                time.sleep(1)
