"""Back office: erase a partner person's personal data on request (confirmation, reason)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.partners.models import Person
from partnercenter.privacy.errors import AlreadyErased, NotAllowed, ReasonRequired
from partnercenter.privacy.selectors import person_data, person_is_erased
from partnercenter.privacy.services import person_erase, pseudonym
from partnercenter.staffroles.roles import MANAGE_PROGRAM


class ErasureForm(forms.Form):
    """The request being answered, and the staff member's confirmation."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The request this answers, e.g. “Email of 3 March 2026 asking to be forgotten”. "
        "Do not repeat the person's name or email here.",
        error_messages={"required": "Say which request this erasure answers."},
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )


@staff_view(perm=MANAGE_PROGRAM, private=True)
def person_erase_view(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """GET: what will be erased and the form; POST: erase, then back to the partner's page."""
    person = get_object_or_404(
        Person.objects.select_related("partner", "user"), pk=pk, partner__slug=slug
    )
    if person_is_erased(person):
        messages.info(request, f"Person #{person.pk}'s personal data was already erased.")
        return redirect("backoffice:partner", slug=slug)
    form = ErasureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = person_erase(
                    person=person,
                    staff_user=staff_user(request),
                    reason=form.cleaned_data["reason"],
                )
            except (ReasonRequired, NotAllowed, AlreadyErased) as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
            else:
                messages.success(
                    request,
                    f"Personal data erased: the person is now “{result.person.name}”; "
                    f"{result.erasure.sessions_ended} sessions ended; the ledger is unchanged.",
                )
                return redirect("backoffice:partner", slug=slug)
    data = person_data(person)
    name, email = pseudonym(person.pk)
    return render(
        request,
        "backoffice/person_erase.html",
        {
            "person": person,
            "p": person.partner,
            "form": form,
            "pseudonym_name": name,
            "pseudonym_email": email,
            "counts": {
                "certifications": len(data["certifications"]),
                "submissions": len(data["submissions"]),
                "entries": len(data["ledger_entries"]),
                "messages": len(data["messages"]),
            },
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM, private=True)
def person_data_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The person's data as JSON, for staff answering an access request."""
    person = get_object_or_404(
        Person.objects.select_related("partner", "user"), pk=pk, partner__slug=slug
    )
    response = JsonResponse(person_data(person), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.json"'
    return response
