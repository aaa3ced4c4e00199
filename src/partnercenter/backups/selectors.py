"""What a database holds, in the terms a backup records and a restore checks."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Sum

from partnercenter.review.explanation import explanation_of

KEY_TABLES = {
    "partners": "partners.Partner",
    "people": "partners.Person",
    "certifications": "partners.Certification",
    "ledger_entries": "ledger.Entry",
    "tier_decisions": "review.TierDecision",
    "documents": "documents.Document",
    "submissions": "submissions.Submission",
}
"""The tables whose row counts a backup records and a restore compares."""


def _model(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)


def database_tables() -> list[str]:
    """The tables of the connected database (empty for a database nothing was migrated into)."""
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def migration_state() -> list[list[str]]:
    """The applied migrations as sorted [app, name] pairs."""
    if MigrationRecorder.Migration._meta.db_table not in database_tables():
        return []
    rows = MigrationRecorder.Migration.objects.values_list("app", "name")
    return sorted([app, name] for app, name in rows)


def row_counts() -> dict[str, int]:
    """Rows in each key table (a table missing from the database counts as absent)."""
    present = set(database_tables())
    out: dict[str, int] = {}
    for key, label in KEY_TABLES.items():
        model = _model(label)
        if model._meta.db_table in present:
            out[key] = model.objects.count()
    return out


def database_fingerprint() -> dict[str, Any]:
    """What must survive a backup and restore unchanged: ledger totals, decisions, documents.

    Used by the restore check and the round-trip tests; JSON-serialisable.
    """
    entry = _model("ledger.Entry")
    decision = _model("review.TierDecision")
    document = _model("documents.Document")
    totals = entry.objects.aggregate(points=Sum("points"), revenue=Sum("revenue_cents"))
    # Only what is compared, streamed: a large program has millions of decisions.
    rows = (
        decision.objects.select_related("partner", "shape")
        .only(
            "as_of", "level", "facts", "explanation", "partner__slug",
            "shape__template", "shape__fill",
        )
        .order_by("partner__slug", "as_of", "id")
    )  # fmt: skip
    decisions = [
        [d.partner.slug, d.as_of.isoformat(), d.level, explanation_of(d)]
        for d in rows.iterator(chunk_size=2000)
    ]
    documents = [
        [code, stored, hashlib.sha256(bytes(pdf)).hexdigest()]
        for code, stored, pdf in document.objects.order_by("code").values_list(
            "code", "sha256", "pdf"
        )
    ]
    return {
        "ledger_points": totals["points"] or 0,
        "ledger_revenue_cents": totals["revenue"] or 0,
        "ledger_entries": entry.objects.count(),
        "decisions": decisions,
        "documents": documents,
        "counts": row_counts(),
    }
