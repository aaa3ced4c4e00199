"""The sample next edition held in the repo, and how its three mistakes are fixed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post

SAMPLE = (
    settings.BASE_DIR / "programs" / "exponential" / "samples" / "next-edition-with-mistakes.toml"
)

FIXES = [
    ('points = "20,000"', "points = 20000"),
    ('tracking = "reportd"', 'tracking = "reported"'),
    ("hot_percnt = 20\n", ""),
]
"""Each mistake of the sample and its fix, in the order the check lists them."""


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def fixed(text: str) -> str:
    for wrong, right in FIXES:
        text = text.replace(wrong, right, 1)
    return text


def give_points(partner: Any, points: int, when: datetime | None = None) -> None:
    """`points` reported points for `partner` (a customer project)."""
    entry_post(
        partner=partner,
        activity="project",
        points=points,
        occurred_at=when or datetime(2026, 10, 1, 12, tzinfo=UTC),
        source=Source.REPORTED,
        reason="Customer project",
        idempotency_key=f"test:{partner.slug}:{points}",
    )
