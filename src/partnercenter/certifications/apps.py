from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    """Certifications in and expiring; the rows are `partners.models.Certification`."""

    name = "partnercenter.certifications"
    label = "certifications"
    default_auto_field = "django.db.models.BigAutoField"
