"""The team: people, their certifications, invitations and roles; the partner's profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.partners.models import Certification, Person, Role
from partnercenter.portal.access import portal_view
from partnercenter.portal.errors import PortalError
from partnercenter.portal.forms import InviteForm, ProfileForm, RoleForm
from partnercenter.portal.services import (
    partner_profile_update,
    person_invitation_cancel,
    person_invitation_resend,
    person_invite,
    person_role_set,
)
from partnercenter.programs.selectors import edition_at


def _team_context(person: Person, invite_form: InviteForm | None = None) -> dict[str, object]:
    today = timezone.now().date()
    edition = edition_at(today)
    names = {c.code: c.name for c in edition.certifications}
    people = list(person.partner.people.select_related("user").order_by("name"))
    certs: dict[int, list[dict[str, object]]] = {}
    for c in Certification.objects.filter(partner=person.partner).order_by("-earned_on"):
        certs.setdefault(c.person_id, []).append(
            {
                "name": names.get(c.type, c.type),
                "kind": c.kind,
                "earned_on": c.earned_on,
                "expires_on": c.expires_on,
                "valid": c.expires_on is None or c.expires_on > today,
            }
        )
    return {
        "person": person,
        "people": [(p, certs.get(p.pk, [])) for p in people],
        "is_admin": person.role == Role.ADMIN,
        "invite_form": invite_form or InviteForm(),
        "roles": Role.choices,
    }


@portal_view()
def team(request: HttpRequest, person: Person) -> HttpResponse:
    return render(request, "portal/team.html", _team_context(person))


@portal_view(admin=True, writes=True)
def team_invite(request: HttpRequest, person: Person) -> HttpResponse:
    """Invite by email: the link lets the invitee set a password (emailed, and shown once here)."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = person_invite(admin=person, **form.cleaned_data)
        except PortalError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, f"Invitation sent to {invitation.person.email}.")
            return redirect("portal:team")
    return render(
        request,
        "portal/team.html",
        _team_context(person, form),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@portal_view(admin=True, writes=True)
def team_invite_resend(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """Email a fresh link to someone who has not signed in yet."""
    invitee = get_object_or_404(Person, pk=pk, partner=person.partner)
    try:
        person_invitation_resend(admin=person, person=invitee)
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The invitation was sent again to {invitee.email}.")
    return redirect("portal:team")


@require_POST
@portal_view(admin=True, writes=True)
def team_invite_cancel(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """Take back an invitation: the person leaves the team if no record names them."""
    invitee = get_object_or_404(Person, pk=pk, partner=person.partner)
    try:
        person_invitation_cancel(admin=person, person=invitee)
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The invitation of {invitee.name} is cancelled.")
    return redirect("portal:team")


@require_POST
@portal_view(admin=True, writes=True)
def team_role(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    member = get_object_or_404(Person, pk=pk, partner=person.partner)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role from the list.")
        return redirect("portal:team")
    try:
        person_role_set(admin=person, person=member, role=form.cleaned_data["role"])
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{member.name} is now {member.get_role_display().lower()}.")
    return redirect("portal:team")


@portal_view(admin=True, writes=True)
def profile(request: HttpRequest, person: Person) -> HttpResponse:
    partner = person.partner
    initial = {"name": partner.name, "website": partner.website, "country": partner.country}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partner_profile_update(admin=person, **form.cleaned_data)
        except PortalError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "The profile is saved.")
            return redirect("portal:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/profile.html", {"person": person, "form": form}, status=status)
