"""Demo people's verified GitHub and community accounts, so the README's signed examples earn points."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from partnercenter.linkedaccounts.models import LinkedAccount, Provider, VerifiedVia
from partnercenter.partners.models import Person

DEMO_REASON = "demo data: linked by staff"


def demo_links(people: Sequence[Person], *, slug: str, index: int) -> None:
    """Link each demo person's GitHub (`anna-<slug>`) and community (`anna_<index>`) account.

    Idempotent: a login already linked (to anyone) is left as it is.
    """
    now = timezone.now()
    rows = []
    for person in people:
        first = person.name.split()[0].lower()
        for provider, login in (
            (Provider.GITHUB, f"{first}-{slug}"[:39].rstrip("-")),
            (Provider.COMMUNITY, f"{first}_{index}"),
        ):
            rows.append(
                LinkedAccount(
                    person=person,
                    provider=provider,
                    login=login,
                    verified_via=VerifiedVia.STAFF,
                    reason=DEMO_REASON,
                    linked_at=now,
                )
            )
    LinkedAccount.objects.bulk_create(rows, ignore_conflicts=True)
