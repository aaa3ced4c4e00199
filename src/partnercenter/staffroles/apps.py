from django.apps import AppConfig


class StaffRolesConfig(AppConfig):
    """Staff roles (Django groups with permissions) and four-eyes approval requests."""

    name = "partnercenter.staffroles"
    label = "staffroles"
    verbose_name = "Staff roles"
    default_auto_field = "django.db.models.BigAutoField"
