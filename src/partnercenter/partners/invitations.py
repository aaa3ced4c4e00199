"""Invitation links: a signed token that lets a person choose a password and sign in.

Lives with the partners (not in a door) because both the portal (a partner admin
invites a colleague) and the applications area (an approved applicant's contact
becomes partner admin) hand them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.urls import reverse

from partnercenter.identity.services import email_verified_set
from partnercenter.partners.errors import AccountExists, InvalidInvite
from partnercenter.partners.models import Person

INVITE_SALT = "partnercenter.portal.invite"
"""Unchanged since the portal owned it, so links already sent keep working."""

INVITE_MAX_AGE = 14 * 24 * 3600
"""An invitation link works for two weeks."""

INVITE_DAYS = INVITE_MAX_AGE // (24 * 3600)


@dataclass(frozen=True)
class Invitation:
    """The invited person and the signed token of their link."""

    person: Person
    token: str


def invite_token(person: Person) -> str:
    """A signed token naming the person and the email invited (a changed email voids it)."""
    return signing.dumps({"p": person.pk, "e": person.email}, salt=INVITE_SALT)


def invite_url(token: str) -> str:
    """The absolute link of an invitation, for emails sent outside a request."""
    return settings.PARTNERCENTER_SITE_URL + reverse("portal:invite", kwargs={"token": token})


def invite_person(token: str) -> Person:
    """The person a still-valid, unused invitation names."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
        person = Person.objects.select_related("partner").get(pk=int(data["p"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Person.DoesNotExist):
        raise InvalidInvite("This invitation link is not valid or has expired.") from None
    if person.email != data.get("e") or person.user_id is not None:
        raise InvalidInvite("This invitation was already used; sign in or reset your password.")
    return person


@transaction.atomic
def invite_accept(*, token: str, password: str) -> User:
    """Create the invitee's account with the password they chose (checked by the rules)."""
    person = invite_person(token)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise InvalidInvite("This invitation was already used; sign in or reset your password.")
    if User.objects.filter(username__iexact=person.email).exists():
        raise AccountExists(f"{person.email} already has a Partner Center account.")
    user = User(username=person.email, email=person.email, first_name=person.name[:150])
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    # The link reached this mailbox: the address is the account's verified, primary email.
    email_verified_set(user=user, email=person.email)
    # Store orders parked for this (now verified) address are released.
    from partnercenter.hooks.services import deliveries_unpark

    transaction.on_commit(lambda: deliveries_unpark(person=person))
    return user
