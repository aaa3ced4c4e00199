"""What a partner writes about itself for its public page (the directory reads the rest)."""

from __future__ import annotations

from django.db import models

from partnercenter.partners.models import Partner


class Listing(models.Model):
    """A partner's public page content: description, services and a re-encoded logo.

    Whether the partner is listed is not stored here: it follows its status and level
    (`directory.selectors.listed_partners`). `search_text` is the lower-cased name,
    description and services, for the directory's search.
    """

    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, related_name="listing")
    description = models.TextField(blank=True)
    services = models.JSONField(default=list, blank=True)
    logo_png = models.BinaryField(null=True, blank=True, editable=False)
    """The logo, re-encoded as PNG (metadata stripped, at most 512 px a side)."""
    logo_sha = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Listing of {self.partner}"
