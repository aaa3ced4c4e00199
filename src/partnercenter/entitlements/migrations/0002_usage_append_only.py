"""The database refuses UPDATE and DELETE on usage records (quota history is a ledger)."""

from django.db import migrations

from partnercenter.ledger.guard import append_only_migration_operations


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0001_initial"), ("ledger", "__first__")]

    operations = append_only_migration_operations("entitlements_usage")
