"""Contracts partners sign, their signatures and 7x's countersignatures.

Every row here is history: the database refuses UPDATE and DELETE on all three
tables (triggers, like the ledger), so a signed contract can never change. A
contract is rendered once from its edition's template into a PDF `Document`; the
partner signs exactly that PDF (its SHA-256); the signed copy is a second
`Document` with a signature page; staff countersign the signed copy's hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ContractKind(models.TextChoices):
    """Why a contract was issued."""

    JOINING = "joining", "Joining contract"
    """The first contract: signing it (with a plan or the points path) makes an applicant active."""
    RENEWAL = "renewal", "Renewal contract"
    """Accepting the then-current edition's contract: the membership runs another term."""


class Contract(models.Model):
    """A contract issued to a partner from the template of the edition in force.

    `details` keeps the partner's details as printed, so the signed copy repeats
    exactly what the partner read even if the profile changes afterwards.
    """

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="contracts"
    )
    edition_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=ContractKind.choices)
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="contract"
    )
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the PDF to sign.")
    details = models.JSONField(default=dict, help_text="The partner's details as printed.")
    issued_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "kind", "edition_id"], name="contract_partner_kind_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.edition_id} — {self.partner}"


class Signature(models.Model):
    """The partner's signature of one contract: who, when, from where, and the exact PDF shown."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="signature")
    person = models.ForeignKey(
        "partners.Person", on_delete=models.PROTECT, related_name="signatures"
    )
    full_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    document_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the contract PDF the signer was shown."
    )
    signed_document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="signature"
    )

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.full_name} signed {self.contract}"


class Countersignature(models.Model):
    """7x's countersignature of a signed contract, referencing the signed PDF's hash."""

    signature = models.OneToOneField(
        Signature, on_delete=models.PROTECT, related_name="countersignature"
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="countersignatures"
    )
    full_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    signed_document_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.full_name} countersigned {self.signature.contract}"
