from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partners, their people, profiles and memberships."""

    name = "partnercenter.partners"
    label = "partners"
    default_auto_field = "django.db.models.BigAutoField"
