"""Give a test person verified links (staff links, as an import or the carried-over field would)."""

from __future__ import annotations

from django.utils import timezone

from partnercenter.linkedaccounts.models import LinkedAccount, VerifiedVia
from partnercenter.partners.models import Person


def link(person: Person, *, github: str = "", community: str = "") -> Person:
    """Link `github` and/or `community` to `person` (staff, reason "test"); returns the person."""
    for provider, login in (("github", github), ("community", community)):
        if login:
            LinkedAccount.objects.create(
                person=person,
                provider=provider,
                login=login,
                verified_via=VerifiedVia.STAFF,
                reason="test",
                linked_at=timezone.now(),
            )
    return person
