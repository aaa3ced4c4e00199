from django.apps import AppConfig


class EditionsWorkbenchConfig(AppConfig):
    """Drafts of the next program edition, checked, compared and published by staff."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "partnercenter.editions_workbench"
    label = "editions_workbench"
    verbose_name = "Editions workbench"
