"""Documents Partner Center issues (contracts, invoices, certificates, statements), kept as PDFs.

Every document carries a verification code printed on it; anyone can check it at
`/documents/verify/<code>/`. A stored document never changes (database triggers).
"""

from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    """What a document is."""

    CONTRACT = "contract", "Contract"
    """A partner program contract to sign, as generated from the edition's template."""
    SIGNED_CONTRACT = "signed_contract", "Signed contract"
    """The contract with its signature page."""
    INVOICE = "invoice", "Invoice"
    """An invoice for a plan period or a package."""
    CREDIT_NOTE = "credit_note", "Credit note"
    """Voids (part of) an invoice; invoices are never edited."""
    STATEMENT = "statement", "Statement"
    """A final statement at termination: what is still due either way."""
    CERTIFICATE = "certificate", "Certificate"
    """A certificate (level, event attendance)."""


class Document(models.Model):
    """One issued PDF: its bytes, their SHA-256 and the code that verifies it."""

    code = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=255)
    filename = models.CharField(max_length=255)
    edition_id = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "kind"], name="document_partner_kind_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"
