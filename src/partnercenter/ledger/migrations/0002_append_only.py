"""The database itself refuses UPDATE and DELETE on ledger_entry (see ledger/guard.py)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from partnercenter.ledger.guard import install

    install(schema_editor)


def backwards(apps: Any, schema_editor: Any) -> None:
    from partnercenter.ledger.guard import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
