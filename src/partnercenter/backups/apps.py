from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`partnercenter backup` and `partnercenter restore`: whole-database copies."""

    name = "partnercenter.backups"
    label = "backups"
    default_auto_field = "django.db.models.BigAutoField"
