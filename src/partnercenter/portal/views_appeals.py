"""The partner's "Appeals" page: its appeals with staff's answers, and filing one (admins)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnercenter.appeals.errors import AppealError
from partnercenter.appeals.models import AppealKind
from partnercenter.appeals.selectors import appeal_subject, appealable, partner_appeals, subject_of
from partnercenter.appeals.services import appeal_file
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view


class AppealForm(forms.Form):
    """What the partner says; the kind and target come from the page's link."""

    kind = forms.ChoiceField(choices=AppealKind.choices, widget=forms.HiddenInput)
    target = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why the decision should change (you can appeal it once)",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say why: the reason is what 7x reviews."},
    )


@portal_view()
def appeals(request: HttpRequest, person: Person) -> HttpResponse:
    """Every appeal of the partner, newest first, with its answer and correcting entry."""
    rows = [(a, appeal_subject(a)) for a in partner_appeals(person.partner)]
    return render(request, "portal/appeals.html", {"person": person, "rows": rows})


@portal_view(admin=True, writes=True)
def appeal_new(request: HttpRequest, person: Person) -> HttpResponse:
    """File an appeal of one decision: shows what is contested, asks why."""
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    try:
        target = int(source.get("target", ""))
    except ValueError:
        raise Http404("Nothing to appeal.") from None
    row = appealable(person.partner, kind, target)
    if row is None and request.method != "POST":
        raise Http404("Nothing of yours to appeal here.")
    form = AppealForm(request.POST or None, initial={"kind": kind, "target": target})
    if request.method == "POST" and form.is_valid():
        try:
            appeal = appeal_file(
                person=person,
                kind=form.cleaned_data["kind"],
                target_id=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
            )
        except AppealError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(
                request, f"Appeal #{appeal.pk} is filed; 7x answers here and by email."
            )
            return redirect("portal:appeals")
    return render(
        request,
        "portal/appeal_new.html",
        {"person": person, "form": form, "subject": subject_of(kind, row) if row else None},
        status=400 if request.method == "POST" else 200,
    )
