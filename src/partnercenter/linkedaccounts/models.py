"""A partner person's proven account on GitHub or the community site.

Monitored deliveries (GitHub issues, community posts) name their author by login;
points go to the person holding a `LinkedAccount` for that login and nobody else.
A login belongs to one person only: the database refuses a second link for the
same provider and login in any letter case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from partnercenter.partners.models import Person


class Provider(models.TextChoices):
    """Where the account lives; also the webhook source whose deliveries it earns."""

    GITHUB = "github", "GitHub"
    """Issues opened in monitored repositories; linked by GitHub OAuth."""
    COMMUNITY = "community", "Community"
    """Forum posts, articles, badges…; linked by the community site's OpenID Connect."""


class VerifiedVia(models.TextChoices):
    """How the link was proven."""

    OAUTH = "oauth", "Signed in with the provider (OAuth)"
    """The person signed in at the provider, which told us the login and its stable id."""
    STAFF = "staff", "Linked by 7x staff"
    """Staff linked it by hand with a reason (also imports and the carried-over free text)."""


class LinkedAccount(models.Model):
    """`person` holds the account `login` at `provider` (uid: the provider's stable id)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linked_accounts")
    provider = models.CharField(max_length=16, choices=Provider.choices)
    login = models.CharField(max_length=100)
    uid = models.CharField(
        max_length=191,
        blank=True,
        help_text="The provider's stable id (empty when linked by hand).",
    )
    verified_via = models.CharField(max_length=8, choices=VerifiedVia.choices)
    reason = models.TextField(help_text="Why the link exists (OAuth, a staff reason, an import).")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["provider", "login"]
        constraints = [
            models.UniqueConstraint(
                F("provider"), Lower("login"), name="linkedaccount_login_unique"
            ),
            models.UniqueConstraint(
                fields=["provider", "uid"],
                condition=~Q(uid=""),
                name="linkedaccount_uid_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "provider"], name="linkedaccount_one_per_provider"
            ),
            models.CheckConstraint(
                condition=Q(provider__in=["github", "community"]),
                name="linkedaccount_provider_known",
            ),
            models.CheckConstraint(condition=~Q(login=""), name="linkedaccount_login_set"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.login} → {self.person.name}"
