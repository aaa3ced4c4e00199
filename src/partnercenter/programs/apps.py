from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """Program editions: the rules as data, one edition per effective date."""

    name = "partnercenter.programs"
    label = "programs"
    default_auto_field = "django.db.models.BigAutoField"
