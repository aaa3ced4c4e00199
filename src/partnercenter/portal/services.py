"""Team and profile changes made by partner admins (invitation links: `partners.invitations`)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import User
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django_countries import countries

from partnercenter.hooks.services import deliveries_unpark
from partnercenter.notifications.services import message_queue
from partnercenter.partners.invitations import INVITE_DAYS, Invitation, invite_token, invite_url
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.portal.errors import (
    EmailTaken,
    InvitationUsed,
    LastAdmin,
    NotSamePartner,
    PersonReferenced,
    UnknownCountry,
)


@transaction.atomic
def person_invite(*, admin: Person, name: str, email: str, role: str = Role.MEMBER) -> Invitation:
    """Add a person to the admin's partner and return the link token they set a password with."""
    email = email.strip().lower()
    if role not in Role.values:
        raise LastAdmin("Choose a role from the list.", field="role")
    partner = admin.partner
    if Person.objects.filter(partner=partner, email__iexact=email).exists():
        raise EmailTaken(f"{email} is already on the team.")
    if User.objects.filter(username__iexact=email).exists():
        raise EmailTaken(f"{email} already has a Partner Center account.")
    person = Person.objects.create(partner=partner, name=name.strip(), email=email, role=role)
    # Webhook deliveries that named this e-mail before anyone knew it can count now.
    transaction.on_commit(lambda: deliveries_unpark(person=person))
    invitation = Invitation(person, invite_token(person))
    _invitation_email(invitation, admin)
    return invitation


def _invitation_email(invitation: Invitation, admin: Person) -> None:
    """Queue the invitation email; the key is the link itself, so a double click sends one."""
    digest = hashlib.sha256(invitation.token.encode()).hexdigest()[:24]
    message_queue(
        kind="team_invite",
        to=invitation.person.email,
        context={
            "person": invitation.person,
            "admin": admin,
            "partner": admin.partner,
            "link": invite_url(invitation.token),
            "days": INVITE_DAYS,
        },
        key=f"team-invite:{invitation.person.pk}:{digest}",
        partner=admin.partner,
    )


def _invitee(admin: Person, person: Person) -> Person:
    if admin.role != Role.ADMIN or person.partner_id != admin.partner_id:
        raise NotSamePartner("This person is not on your team.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise InvitationUsed(f"{person.name} has already signed in; there is no invitation left.")
    return person


@transaction.atomic
def person_invitation_resend(*, admin: Person, person: Person) -> Invitation:
    """Email a fresh invitation link to a person who has not signed in yet."""
    person = _invitee(admin, person)
    invitation = Invitation(person, invite_token(person))
    _invitation_email(invitation, admin)
    return invitation


@transaction.atomic
def person_invitation_cancel(*, admin: Person, person: Person) -> None:
    """Remove an invited person who never signed in and whom no record names.

    A person named by a submission, a certification, a ledger entry or anything else stays:
    the program's history keeps pointing at them.
    """
    person = _invitee(admin, person)
    collector = Collector(using=router.db_for_write(Person))
    refused = PersonReferenced(
        f"{person.name} is named in the program's records (an activity, a certification or "
        "points), so the person stays on the team."
    )
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError):
        raise refused from None
    others = [m for m, objs in collector.data.items() if m is not Person and objs]
    nulled: list[Any] = [q for qs in collector.field_updates.values() for q in qs]  # SET_NULL
    if others or any(q.exists() for q in [*nulled, *collector.fast_deletes]):
        raise refused
    person.delete()


@transaction.atomic
def person_role_set(*, admin: Person, person: Person, role: str) -> Person:
    """Change a team member's role; the partner keeps at least one partner admin."""
    if person.partner_id != admin.partner_id:
        raise NotSamePartner("This person is not on your team.")
    if role not in Role.values:
        raise LastAdmin("Choose a role from the list.")
    admins = Person.objects.select_for_update().filter(partner_id=admin.partner_id, role=Role.ADMIN)
    if person.role == Role.ADMIN and role != Role.ADMIN and admins.count() <= 1:
        raise LastAdmin("The team needs at least one partner admin.")
    person.role = role
    person.save(update_fields=["role"])
    return person


@transaction.atomic
def partner_profile_update(
    *, admin: Person, name: str, website: str = "", country: str = ""
) -> Partner:
    """Change the partner's public name, website and country (a partner admin's job)."""
    if admin.role != Role.ADMIN:
        raise NotSamePartner("Only a partner admin can change the profile.")
    country = country.strip().upper()
    if country and country not in countries:
        raise UnknownCountry(
            f"The country “{country[:8]}” is not a country: choose one from the list."
        )
    partner = Partner.objects.select_for_update().get(pk=admin.partner_id)
    partner.name = name.strip()
    partner.website = website.strip()
    partner.country = country
    partner.save(update_fields=["name", "website", "country"])
    return partner
