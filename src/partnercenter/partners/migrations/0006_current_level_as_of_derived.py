"""Drop `Partner.current_level_as_of`: the latest decision's date gives it (issue 14).

Storing it made every monthly review rewrite every partner's row; it is now the
`Partner.current_level_as_of` property (the partner's latest `TierDecision.as_of`),
so nothing is lost by dropping the column.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_logins_moved_to_linked_accounts"),
    ]

    operations = [
        migrations.RemoveField(model_name="partner", name="current_level_as_of"),
    ]
