"""Moderation of partners' public pages: the queue, live beside proposed, approve or reject."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.directory import selectors
from partnercenter.directory.errors import ListingError
from partnercenter.directory.models import ListingRevision, RevisionStatus
from partnercenter.directory.services import listing_revision_approve, listing_revision_reject
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS


class ModerationFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=RevisionStatus.choices, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason (mailed to the partner admins and shown in their portal)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why: the reason is mailed to the partner admins."},
    )


@staff_view(perm=APPROVE_SUBMISSIONS)
def moderation(request: HttpRequest) -> HttpResponse:
    """Public page changes waiting for review, oldest first (or the decided ones)."""
    form = ModerationFilterForm(request.GET or None)
    status = RevisionStatus.PENDING.value
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    return render(
        request,
        "backoffice/moderation.html",
        {
            "form": form,
            "rows": selectors.moderation_queue(status)[:200],
            "status": RevisionStatus(status).label,
            "pending": status == RevisionStatus.PENDING,
        },
    )


def _get(pk: int) -> ListingRevision:
    found = selectors.revision_for_staff(pk)
    if found is None:
        raise Http404("No such public page revision.")
    return found


def _detail(
    request: HttpRequest,
    revision: ListingRevision,
    reject: RejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    live = selectors.listing_of(revision.partner)
    return render(
        request,
        "backoffice/moderation_revision.html",
        {
            "r": revision,
            "live": live,
            "reject_form": reject or RejectForm(),
            "error": error,
        },
        status=status,
    )


@staff_view(perm=APPROVE_SUBMISSIONS)
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The live page beside the proposed one."""
    return _detail(request, _get(pk))


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def revision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    revision = _get(pk)
    try:
        listing_revision_approve(revision=revision, staff_user=staff_user(request))
    except ListingError as exc:
        return _detail(request, _get(pk), error=exc.message, status=409)
    messages.success(request, f"Approved: {revision.partner.name}'s public page shows it now.")
    return redirect("backoffice:moderation")


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def revision_reject(request: HttpRequest, pk: int) -> HttpResponse:
    revision = _get(pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            listing_revision_reject(
                revision=revision,
                staff_user=staff_user(request),
                reason=form.cleaned_data["reason"],
            )
        except ListingError as exc:
            if exc.field == "reason":
                form.add_error("reason", exc.message)
            else:
                return _detail(request, _get(pk), reject=form, error=exc.message, status=409)
        else:
            messages.success(
                request, f"Rejected; the reason was mailed to {revision.partner.name}'s admins."
            )
            return redirect("backoffice:moderation")
    return _detail(request, _get(pk), reject=form, status=400)


def _png(data: bytes | None) -> HttpResponse:
    if data is None:
        raise Http404("No logo.")
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(perm=APPROVE_SUBMISSIONS)
def revision_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """The logo a revision proposes, as it would be published."""
    return _png(selectors.revision_logo(pk))


@staff_view(perm=APPROVE_SUBMISSIONS)
def live_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved logo of the revision's partner (listed or not)."""
    revision = _get(pk)
    found = selectors.logo_of(revision.partner.slug)
    return _png(found[0] if found else None)
