"""Signing in and out, password reset, and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from partnercenter.audit.signin import audited_sign_in
from partnercenter.errors import Refusal
from partnercenter.partners.invitations import invite_accept, invite_person
from partnercenter.portal import throttle
from partnercenter.portal.forms import SignInForm


def _home_for(user: object) -> str:
    return (
        reverse("backoffice:dashboard")
        if getattr(user, "is_staff", False)
        else reverse("portal:dashboard")
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@audited_sign_in
def sign_in(request: HttpRequest) -> HttpResponse:
    """Email and password; throttled per account, per address and per pair (see `throttle`).

    `login()` gives the session a new key, so a key planted before sign-in is useless.
    """
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_home_for(request.user))
    status = 200
    refused = ""
    if request.method == "POST":
        account = request.POST.get("username", "").strip().lower()[:254]
        form = SignInForm(request, data=request.POST)
        verdict = throttle.check(request, account)
        if not verdict.allowed:
            form = SignInForm(request, initial={"username": account})
            refused = verdict.message
            status = 429
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            response: HttpResponse = HttpResponseRedirect(_safe_next(request) or _home_for(user))
            throttle.succeeded(request, response, account)
            return response
        else:
            throttle.failed(request, account)
            status = 200
    else:
        form = SignInForm(request)
    return render(
        request,
        "portal/login.html",
        {"form": form, "next": _safe_next(request), "refused": refused},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You are signed out.")
    return redirect("portal:login")


def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a password (the project's password rules apply) and is signed in."""
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
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Partner Center, {person.name}.")
            return redirect("portal:dashboard")
    return render(request, "portal/invite.html", {"form": form, "person": person})
