"""Running imports from CSV text in tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from partnercenter.imports.services import ImportReport, import_run
from partnercenter.ledger.models import Entry
from partnercenter.linkedaccounts.models import LinkedAccount
from partnercenter.partners.models import Certification, Partner, Person

PARTNERS_HEADER = (
    "slug,name,profile,country,website,status,partner_since,student,plan,plan_paid_until,"
    "valid_until"
)
PEOPLE_HEADER = "partner,name,email,role,community_username,github_login"
CERTIFICATIONS_HEADER = "email,partner,type,earned_on,expires_on"
POINTS_HEADER = "partner,activity,points,occurred_on,reason,key,person_email,revenue_cents"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


Run = Callable[..., ImportReport]


@pytest.fixture
def run(edition: Any) -> Run:
    """run("points", header, row, ..., dry_run=False) → the report."""

    def go(kind: str, *lines: str, dry_run: bool = False) -> ImportReport:
        return import_run(kind=kind, stream=io.BytesIO(csv_bytes(*lines)), dry_run=dry_run)

    return go


def snapshot() -> tuple[int, ...]:
    """How many partners, people, linked accounts, certifications and entries exist."""
    return (
        Partner.objects.count(),
        Person.objects.count(),
        LinkedAccount.objects.count(),
        Certification.objects.count(),
        Entry.objects.count(),
    )


def problems(report: ImportReport) -> list[tuple[int | None, str]]:
    """(line, field) of every problem, in order."""
    return [(p.line, p.field) for p in report.problems]
