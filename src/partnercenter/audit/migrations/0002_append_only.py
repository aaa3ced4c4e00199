"""The audit trail is history: the database refuses UPDATE and DELETE (see ledger/guard.py)."""

from django.db import migrations

from partnercenter.ledger.guard import append_only_migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("ledger", "0002_append_only"),
    ]

    operations = append_only_migration_operations("audit_auditevent")
