"""Create the staff roles as groups with their permissions; existing staff become viewers.

Existing staff (not superusers) get the read-only viewer role, so nobody silently keeps
rights the roles now split; an administrator grants each person their roles
(`partnercenter staff_roles grant EMAIL ROLE`, or the Django admin). The table is a
frozen copy of `roles.ROLES` as of this migration; later changes go through `roles_sync`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Program manager": ("view_backoffice", "manage_program"),
    "Approver": ("view_backoffice", "approve_submissions"),
    "Finance": ("view_backoffice", "manage_finance"),
    "Support": ("view_backoffice", "support_partners"),
    "Viewer": ("view_backoffice", "view_all_pages"),
}


def forwards(apps, schema_editor):
    config = apps.get_app_config("staffroles")
    config.models_module = True  # historical configs have none; create_permissions needs one
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    user_model = apps.get_model("auth", "User")
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            permission_model.objects.filter(
                content_type__app_label="staffroles", codename__in=codenames
            )
        )
    viewer = group_model.objects.get(name="Viewer")
    for user in user_model.objects.filter(is_staff=True, is_superuser=False):
        user.groups.add(viewer)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staffroles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
