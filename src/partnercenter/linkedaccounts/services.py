"""Linking and unlinking a person's GitHub or community account.

A link is made by OAuth (the person proved the account at the provider) or by
staff with a reason; either way the login then belongs to that person only, and
deliveries parked for it are released. Every link and unlink is in the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.linkedaccounts.errors import (
    AlreadyLinked,
    LoginInvalid,
    LoginTaken,
    NotLinked,
    ReasonRequired,
    UnknownProvider,
)
from partnercenter.linkedaccounts.models import LinkedAccount, Provider, VerifiedVia
from partnercenter.linkedaccounts.selectors import link_for_login
from partnercenter.partners.models import Person

LOGIN_SHAPES = {
    Provider.GITHUB: (
        re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}"),
        "A GitHub login is 1 to 39 letters, digits or hyphens, not starting with a hyphen.",
    ),
    Provider.COMMUNITY: (
        re.compile(r"\S{1,100}"),
        "A community username is 1 to 100 characters without spaces.",
    ),
}
"""What a login may look like per provider (a typo is caught before it can earn points)."""


@dataclass(frozen=True)
class LinkResult:
    """The link now in force, and whether this call created or changed it."""

    link: LinkedAccount
    changed: bool


def _label(provider: str) -> str:
    return str(Provider(provider).label)


def login_clean(provider: str, login: str) -> str:
    """The login without surrounding spaces, or a refusal naming the field."""
    if provider not in Provider.values:
        raise UnknownProvider(f"{provider!r} is not a provider: github or community.")
    login = (login or "").strip()
    shape, rule = LOGIN_SHAPES[Provider(provider)]
    if not login:
        raise LoginInvalid(f"Give the {_label(provider)} login.")
    if not shape.fullmatch(login):
        raise LoginInvalid(f"{login!r}: {rule}")
    return login


def _release_parked(person: Person) -> None:
    """Deliveries parked for the person's logins are processed once the link commits."""
    from partnercenter.hooks.services import deliveries_unpark

    transaction.on_commit(lambda: deliveries_unpark(person=person))


def linked_account_link(
    *,
    person: Person,
    provider: str,
    login: str,
    verified_via: str,
    reason: str,
    uid: str = "",
    linked_by: Any = None,
) -> LinkResult:
    """Link `login` at `provider` to `person`; refused if it (or its uid) is another person's.

    `verified_via` is "oauth" (uid from the provider) or "staff" (a reason is required).
    Linking what the person already holds changes nothing, except that an OAuth proof
    upgrades a staff link, and a new login for the same uid (a renamed account) replaces
    the old one.
    """
    login = login_clean(provider, login)
    reason = (reason or "").strip()
    if verified_via not in VerifiedVia.values:
        raise ValueError(f"{verified_via!r} is not a way to verify: oauth or staff.")
    if verified_via == VerifiedVia.STAFF and not reason:
        raise ReasonRequired("Say why this account belongs to this person.")
    label = _label(provider)
    with transaction.atomic():
        holder = link_for_login(provider, login)
        if holder is not None and holder.person_id != person.pk:
            raise LoginTaken(
                f"The {label} account {login!r} is already linked to another person; "
                "nothing was changed.",
                holder=holder.person,
            )
        by_uid = LinkedAccount.objects.filter(provider=provider, uid=uid).first() if uid else None
        if by_uid is not None and by_uid.person_id != person.pk:
            raise LoginTaken(
                f"This {label} account is already linked to another person; nothing was changed.",
                holder=by_uid.person,
            )
        own = LinkedAccount.objects.select_for_update().filter(person=person, provider=provider)
        current = own.first()
        if current is not None and current.login.lower() != login.lower():
            renamed = bool(uid) and current.uid == uid
            if not renamed:
                raise AlreadyLinked(
                    f"{person.name} already has the {label} account {current.login!r} linked; "
                    "unlink it first."
                )
        if current is not None and current.login.lower() == login.lower():
            proof = verified_via == VerifiedVia.OAUTH and (
                current.verified_via == VerifiedVia.STAFF
                or current.uid != uid
                or current.login != login
            )
            if not proof:
                return LinkResult(current, changed=False)
        values = {
            "login": login,
            "uid": uid or (current.uid if current else ""),
            "verified_via": verified_via,
            "reason": reason or "Signed in with the provider.",
            "linked_by": linked_by if getattr(linked_by, "pk", None) else None,
            "linked_at": timezone.now(),
        }
        try:
            with transaction.atomic():
                if current is None:
                    link = LinkedAccount.objects.create(person=person, provider=provider, **values)
                else:
                    for name, value in values.items():
                        setattr(current, name, value)
                    current.save()
                    link = current
        except IntegrityError as exc:  # a concurrent link of the same login won the race
            raise LoginTaken(
                f"The {label} account {login!r} is already linked to another person; "
                "nothing was changed."
            ) from exc
        audit_record(
            actor=linked_by or "oauth",
            action="linkedaccount.link",
            target=person.partner,
            details={
                "person": person.pk,
                "provider": provider,
                "login": login,
                "uid": values["uid"],
                "verified_via": verified_via,
                "reason": values["reason"],
                "replaced": current is not None,
            },
        )
        _release_parked(person)
    return LinkResult(link, changed=True)


def linked_account_unlink(*, link_id: int, person: Person, reason: str, unlinked_by: Any) -> str:
    """Remove one of `person`'s links with a reason (audited); returns the login removed.

    From then on deliveries for that login are parked again until someone links it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why this account is unlinked.")
    with transaction.atomic():
        link = LinkedAccount.objects.select_for_update().filter(pk=link_id, person=person).first()
        if link is None:
            raise NotLinked("That account is not linked to this person (any more).")
        audit_record(
            actor=unlinked_by,
            action="linkedaccount.unlink",
            target=person.partner,
            details={
                "person": person.pk,
                "provider": link.provider,
                "login": link.login,
                "uid": link.uid,
                "verified_via": link.verified_via,
                "reason": reason,
            },
        )
        link.delete()
    return link.login


def linked_accounts_erase(*, person: Person) -> int:
    """Remove all of a person's links as part of erasing their personal data (audited there)."""
    deleted, _ = LinkedAccount.objects.filter(person=person).delete()
    return deleted
