"""The one flow of the public forms (apply, find a partner): check, submit, say where it failed.

Both are anonymous, carry a honeypot field and are throttled per address; the area's
service decides all of that, the page only shows its refusal on the field it names
(a throttle refusal, `code == "rate_limited"`, above the form with a 429).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnercenter.errors import Refusal
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.web.forms import HONEYPOT

Submit = Callable[..., object]


def public_form(
    request: HttpRequest,
    *,
    form_class: Callable[..., forms.Form],
    fields: list[str],
    submit: Submit,
    template: str,
    done: str,
) -> HttpResponse:
    """GET shows the form; POST calls `submit(**fields, ip=, honeypot=)` and redirects to
    `done`, or shows the refusal with nothing stored (400, or 429 when throttled)."""
    try:
        edition = edition_at(timezone.now().date())
    except NoEdition:
        return render(request, "web/apply_closed.html", status=503)
    form: Any = form_class(request.POST or None, edition=edition)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit(
                    **{name: data[name] for name in fields},
                    ip=str(request.META.get("REMOTE_ADDR") or "") or None,
                    honeypot=data.get(HONEYPOT) or "",
                )
            except Refusal as exc:
                throttled = exc.code == "rate_limited"
                field = exc.field if exc.field in form.fields and not throttled else None
                form.add_error(field, exc.message)
                status = 429 if throttled else 400
            else:
                return redirect(done)
    return render(request, template, {"form": form, "edition": edition}, status=status)
