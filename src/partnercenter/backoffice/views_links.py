"""Back office: a person's linked accounts: staff link one by hand or unlink it, with a reason.

Both are audited (`linkedaccount.link`, `linkedaccount.unlink`) by the service.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.errors import Refusal
from partnercenter.linkedaccounts.errors import LoginTaken
from partnercenter.linkedaccounts.models import Provider, VerifiedVia
from partnercenter.linkedaccounts.selectors import links_of
from partnercenter.linkedaccounts.services import linked_account_link, linked_account_unlink
from partnercenter.partners.models import Person
from partnercenter.staffroles.roles import MANAGE_PROGRAM


class LinkForm(forms.Form):
    """Link an account by hand: which, the login, and why it is this person's."""

    provider = forms.ChoiceField(label="Where", choices=Provider.choices)
    login = forms.CharField(label="Login", max_length=100)
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How you know the account is theirs, e.g. “confirmed by email of 3 March”.",
        error_messages={"required": "Say why this account belongs to this person."},
    )


class UnlinkForm(forms.Form):
    """Unlink an account: why."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        error_messages={"required": "Say why this account is unlinked."},
    )


def _person(slug: str, pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("partner"), pk=pk, partner__slug=slug)


def _page(
    request: HttpRequest,
    person: Person,
    form: LinkForm | None = None,
    unlink: tuple[int, UnlinkForm] | None = None,
    status: int = 200,
) -> HttpResponseBase:
    rows = [
        (
            link,
            unlink[1]
            if unlink and unlink[0] == link.pk
            else UnlinkForm(auto_id=f"unlink{link.pk}_%s"),
        )
        for link in links_of(person)
    ]
    return render(
        request,
        "backoffice/person_links.html",
        {
            "person": person,
            "p": person.partner,
            "rows": rows,
            "form": form or LinkForm(),
            "unlinking": unlink[0] if unlink else None,
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM)
def person_links(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """GET: the person's links and the forms; POST: link an account by hand."""
    person = _person(slug, pk)
    if request.method != "POST":
        return _page(request, person)
    form = LinkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = linked_account_link(
                person=person,
                provider=data["provider"],
                login=data["login"],
                reason=data["reason"],
                verified_via=VerifiedVia.STAFF,
                linked_by=staff_user(request),
            )
        except Refusal as exc:
            message = exc.message
            if isinstance(exc, LoginTaken) and exc.holder is not None:
                message += f" It is linked to {exc.holder.name} of {exc.holder.partner}."
            form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            label = Provider(result.link.provider).label
            messages.success(
                request,
                f"{label} {result.link.login} is linked to {person.name}."
                if result.changed
                else f"{label} {result.link.login} was already linked to {person.name}.",
            )
            return redirect("backoffice:person_links", slug=slug, pk=pk)
    return _page(request, person, form=form, status=400)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def person_unlink(request: HttpRequest, slug: str, pk: int, link: int) -> HttpResponseBase:
    """Unlink one account with a reason; its deliveries park again."""
    person = _person(slug, pk)
    form = UnlinkForm(request.POST, auto_id=f"unlink{link}_%s")
    if form.is_valid():
        try:
            login = linked_account_unlink(
                link_id=link,
                person=person,
                reason=form.cleaned_data["reason"],
                unlinked_by=staff_user(request),
            )
        except Refusal as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"{login} is no longer linked to {person.name}.")
            return redirect("backoffice:person_links", slug=slug, pk=pk)
    return _page(request, person, unlink=(link, form), status=400)
