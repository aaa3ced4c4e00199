"""Signing in and out (allauth's views at the portal's addresses), and accepting an invitation."""

from __future__ import annotations

from allauth.account.views import LoginView, LogoutView
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnercenter.errors import Refusal
from partnercenter.identity.backends import MODEL_BACKEND
from partnercenter.partners.invitations import invite_accept, invite_person

sign_in = LoginView.as_view()
"""allauth's sign-in (email + password, then the second factor if enrolled), rate-limited
in the shared cache; the known-device rule is in `identity.adapter`."""

sign_out = require_POST(LogoutView.as_view())
"""Signing out is a POST (a link elsewhere cannot sign anyone out)."""


def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a password (the project's password rules apply) and is signed in.

    Accepting proves the mailbox: the address becomes the account's verified email.
    """
    if request.user.is_authenticated:
        return render(
            request,
            "portal/invite_invalid.html",
            {
                "message": "You are signed in to another account: sign out, then open the link again."
            },
            status=403,
        )
    try:
        person = invite_person(token)
    except Refusal as exc:
        return render(request, "portal/invite_invalid.html", {"message": exc.message}, status=404)
    probe = User(username=person.email, email=person.email, first_name=person.name[:150])
    form = SetPasswordForm(probe, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invite_accept(token=token, password=form.cleaned_data["new_password1"])
        except Refusal as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, f"Welcome to Partner Center, {person.name}.")
            return redirect("portal:dashboard")
    return render(request, "portal/invite.html", {"form": form, "person": person})
