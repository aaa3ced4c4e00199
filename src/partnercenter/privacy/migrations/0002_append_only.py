"""The erasure records are proof that a request was answered: never updated or deleted."""

from django.db import migrations

from partnercenter.ledger.guard import append_only_migration_operations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("ledger", "0002_append_only")]

    operations = append_only_migration_operations("privacy_erasure")
