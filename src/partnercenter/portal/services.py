"""Team and profile changes made by partner admins (invitation links: `partners.invitations`)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from partnercenter.hooks.services import deliveries_unpark
from partnercenter.partners.invitations import Invitation, invite_token
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.portal.errors import EmailTaken, LastAdmin, NotSamePartner


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
    return Invitation(person, invite_token(person))


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
    partner = Partner.objects.select_for_update().get(pk=admin.partner_id)
    partner.name = name.strip()
    partner.website = website.strip()
    partner.country = country.strip().upper()
    partner.save(update_fields=["name", "website", "country"])
    return partner
