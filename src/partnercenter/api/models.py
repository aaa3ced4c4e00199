"""Personal API tokens and the stored responses of idempotent POSTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    """What a token may do."""

    READ = "read", "Read"
    """GET requests only."""
    WRITE = "write", "Write"
    """POST requests too (always together with read)."""


class ApiToken(models.Model):
    """A personal token for the API, created in the portal and shown once.

    Only the SHA-256 of the secret is stored: a leaked database does not leak
    usable tokens. `prefix` (the first characters) lets people tell tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """A POST made with an `Idempotency-Key`, and the response it got.

    The same key from the same user with the same request replays the stored
    status and body; another request under the key is refused. A row with no
    status is a request still running. Rows are kept at least
    `IDEMPOTENCY_TTL` (24 h) and then purged. An anonymous caller (the public
    application form's API) has no owner: its keys are scoped by `address`
    (a hash of the peer address) instead.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(
        max_length=64, blank=True, help_text="Anonymous callers: SHA-256 of the peer address."
    )
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status = models.IntegerField(null=True, blank=True)
    body = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_unique_key"),
            models.UniqueConstraint(
                fields=["address", "key"],
                condition=models.Q(owner__isnull=True),
                name="idempotency_unique_anonymous_key",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]
