from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """Referrals to 7x and the commissions ledger they earn."""

    name = "partnercenter.commissions"
    label = "commissions"
    default_auto_field = "django.db.models.BigAutoField"
