"""The personal API tokens page (`/portal/tokens/`): create (secret shown once), list, revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.api.errors import ApiError
from partnercenter.api.forms import TokenForm
from partnercenter.api.models import ApiToken
from partnercenter.api.selectors import tokens_of
from partnercenter.api.services import token_create, token_revoke


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; on POST create one and show its secret this once."""
    user = cast(User, request.user)  # login_required
    form = TokenForm(request.POST or None)
    secret = None
    person = getattr(user, "person", None)
    if request.method == "POST" and person is not None and person.partner.status == "terminated":
        form.add_error(None, "The partner's membership ended: no new tokens.")
    elif request.method == "POST" and form.is_valid():
        days = form.cleaned_data["expires_in_days"]
        try:
            _, secret = token_create(
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=timezone.now() + timedelta(days=int(days)) if days else None,
            )
        except ApiError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": tokens_of(user),
            "now": timezone.now(),
            # Partner people see the page inside the portal, with its navigation.
            "person": getattr(user, "person", None),
            "base": "portal/base.html" if getattr(user, "person", None) else "web/base.html",
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    token_revoke(token=get_object_or_404(ApiToken, pk=pk, user=user), user=user)
    return redirect("api_tokens:tokens")
