from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "partnercenter.leads"
    label = "leads"
    default_auto_field = "django.db.models.BigAutoField"
