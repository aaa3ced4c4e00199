from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: who did what to which record, from where; append-only."""

    name = "partnercenter.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
