"""Create the database cache table (`partnercenter_cache`), shared by every process.

Always creates the default table (whatever the cache setting is at migrate time), then
runs Django's `createcachetable` for any other configured DatabaseCache table.
"""

from django.core.management import call_command
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "partnercenter_cache"


def create_cache_tables(apps, schema_editor):
    alias = schema_editor.connection.alias
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, CACHE_TABLE, dry_run=False)
    call_command("createcachetable", database=alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
