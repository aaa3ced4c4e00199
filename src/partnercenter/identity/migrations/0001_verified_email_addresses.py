"""Every existing account gets its email as a verified, primary allauth EmailAddress.

Accounts were created from invitations (the link reached the mailbox) or by staff,
so their addresses count as proven. Idempotent; reversing leaves the rows.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("auth", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = {e.lower() for e in EmailAddress.objects.values_list("email", flat=True)}
    for user in User.objects.exclude(email="").order_by("pk"):
        email = user.email.strip()
        if not email or email.lower() in taken:
            continue
        EmailAddress.objects.create(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
        taken.add(email.lower())


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
