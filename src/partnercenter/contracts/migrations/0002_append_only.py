"""Contracts, signatures and countersignatures never change: the database refuses UPDATE and DELETE."""

from django.db import migrations

from partnercenter.ledger.guard import append_only_migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("ledger", "0002_append_only"),
    ]

    operations = [
        *append_only_migration_operations("contracts_contract"),
        *append_only_migration_operations("contracts_signature"),
        *append_only_migration_operations("contracts_countersignature"),
    ]
