"""Certificates: a person's certification or the partner's certified level, issued as a PDF
document with a verification code. The same facts give the same document; changed facts
(a renewed certification, a new level, a new review period) give a new one."""

from __future__ import annotations

from django.db import models


class CertificateKind(models.TextChoices):
    """What a certificate attests."""

    CERTIFICATION = "certification", "Certification"
    """A person holds a certification (type, earned, valid until)."""
    LEVEL = "level", "Partner level"
    """The partner is "Exponential certified" at a level (Silver and up)."""


class Certificate(models.Model):
    """One issued certificate: the facts printed on it and the stored PDF document."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(max_length=16, choices=CertificateKind.choices)
    subject = models.CharField(
        max_length=64, help_text="What it is about: certification:<id> or level."
    )
    certification = models.ForeignKey(
        "partners.Certification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    facts = models.JSONField(help_text="Exactly what the PDF states.")
    facts_sha256 = models.CharField(max_length=64)
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="certificate"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "subject", "facts_sha256"], name="certificate_once_per_facts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} certificate {self.document_id} ({self.subject})"

    @property
    def superseded(self) -> bool:
        """A later certificate of the same subject states newer facts."""
        return (
            Certificate.objects.filter(partner_id=self.partner_id, subject=self.subject)
            .filter(issued_at__gt=self.issued_at)
            .exists()
        )
