"""Back office "Waiting for a second pair of eyes": approve or refuse another's request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.errors import Refusal
from partnercenter.staffroles.access import may
from partnercenter.staffroles.models import ApprovalRequest
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_FINANCE
from partnercenter.staffroles.selectors import (
    approvals_decided,
    approvals_waiting,
    kind_label,
    kind_permission,
)
from partnercenter.staffroles.services import approval_request_approve, approval_request_refuse

DECIDERS = (APPROVE_SUBMISSIONS, MANAGE_FINANCE)
"""The roles whose requests wait here; the viewer reads the page too."""


def _page(
    request: HttpRequest, status: int = 200, error: tuple[int, str] | None = None
) -> HttpResponse:
    user = request.user
    rows = [
        {
            "r": r,
            "label": kind_label(r.kind),
            "own": r.requested_by_id == user.pk,
            "may_decide": may(user, kind_permission(r.kind), "POST"),
            "error": error[1] if error and error[0] == r.pk else "",
        }
        for r in approvals_waiting()
    ]
    decided = [{"r": r, "label": kind_label(r.kind)} for r in approvals_decided()]
    return render(
        request, "backoffice/approvals.html", {"rows": rows, "decided": decided}, status=status
    )


@staff_view(perm=DECIDERS)
def approvals(request: HttpRequest) -> HttpResponse:
    """Requests waiting for a second staff member, oldest first, and the latest decisions."""
    return _page(request)


@require_POST
@staff_view(perm=DECIDERS)
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (the action is performed now) or refuse with a reason; never one's own."""
    found = get_object_or_404(ApprovalRequest, pk=pk)
    user = staff_user(request)
    try:
        if request.POST.get("decision") == "approve":
            done = approval_request_approve(request=found, user=user)
            messages.success(request, f"Approved: {done.result}")
        else:
            approval_request_refuse(request=found, user=user, reason=request.POST.get("reason", ""))
            messages.success(request, "Refused; nothing was performed.")
    except Refusal as exc:
        return _page(request, status=400, error=(found.pk, exc.message))
    return redirect("backoffice:approvals")
