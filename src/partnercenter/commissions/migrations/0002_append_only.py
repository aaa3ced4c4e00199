"""The database refuses UPDATE and DELETE of commission entries, their statuses and batch items."""

from django.db import migrations

from partnercenter.ledger.guard import append_only_migration_operations


class Migration(migrations.Migration):
    dependencies = [("commissions", "0001_initial")]

    operations = [
        *append_only_migration_operations("commissions_entry"),
        *append_only_migration_operations("commissions_status"),
        *append_only_migration_operations("commissions_batch_item"),
    ]
