"""Content written before moderation existed was live: it counts as approved (when last saved)."""

from django.db import migrations
from django.db.models import F


def approve_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    Listing = apps.get_model("directory", "Listing")
    Listing.objects.filter(approved_at__isnull=True).update(approved_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_moderation")]

    operations = [migrations.RunPython(approve_existing, migrations.RunPython.noop)]
