"""A published edition and its draft never change: the database refuses it (see guard.py)."""

from django.db import migrations

from partnercenter.editions_workbench.guard import install, uninstall


class Migration(migrations.Migration):
    dependencies = [
        ("editions_workbench", "0001_initial"),
        ("programs", "0002_programedition_contract_template"),
        ("ledger", "0002_append_only"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
