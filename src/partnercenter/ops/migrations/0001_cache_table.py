"""Create the database cache table (`partnercenter_cache`), shared by every process.

Runs Django's `createcachetable`, which creates the tables of every configured
DatabaseCache and does nothing for other backends (PARTNERCENTER_CACHE_URL=redis://...).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
