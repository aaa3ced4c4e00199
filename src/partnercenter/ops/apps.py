from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Registers the safety checks and the job metrics when Django starts."""

    name = "partnercenter.ops"
    label = "ops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnercenter.ops import checks, metrics

        checks.register_all()
        metrics.connect_task_metrics()
