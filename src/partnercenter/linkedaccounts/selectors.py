"""Reading linked accounts: who holds a login (what monitored deliveries credit), a person's links."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.functions import Lower

from partnercenter.linkedaccounts.models import LinkedAccount
from partnercenter.partners.models import Person


def person_for_login(provider: str, login: str) -> Person | None:
    """The person holding `login` at `provider` (any letter case), or None: unknown logins earn nothing."""
    if not login:
        return None
    link = (
        LinkedAccount.objects.annotate(key=Lower("login"))
        .select_related("person__partner")
        .filter(provider=provider, key=login.lower())
        .first()
    )
    return link.person if link else None


def link_for_login(provider: str, login: str) -> LinkedAccount | None:
    """The link of `login` at `provider` (any letter case), or None."""
    return (
        LinkedAccount.objects.annotate(key=Lower("login"))
        .select_related("person__partner")
        .filter(provider=provider, key=login.lower())
        .first()
    )


def known_logins(provider: str, lowered: Iterable[str]) -> set[str]:
    """Which of these lower-case logins are linked at `provider` (lower-case)."""
    wanted = set(lowered)
    if not wanted:
        return set()
    return set(
        LinkedAccount.objects.annotate(key=Lower("login"))
        .filter(provider=provider, key__in=wanted)
        .values_list("key", flat=True)
    )


def links_of(person: Person) -> list[LinkedAccount]:
    """The person's linked accounts, by provider."""
    return list(
        LinkedAccount.objects.filter(person=person).select_related("linked_by").order_by("provider")
    )
