from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "partnercenter.membership"
    label = "membership"
    default_auto_field = "django.db.models.BigAutoField"
