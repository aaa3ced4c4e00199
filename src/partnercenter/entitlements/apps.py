from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "partnercenter.entitlements"
    label = "entitlements"
    default_auto_field = "django.db.models.BigAutoField"
