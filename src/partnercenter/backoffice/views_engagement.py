"""Back-office roadmap requests (status with a public note), service requests (open → in
progress → done / declined) and announcements to segments (preview the count, then send)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_countries import countries

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.engagement import selectors
from partnercenter.engagement.announcements import announcement_check, announcement_send
from partnercenter.engagement.errors import EngagementError
from partnercenter.engagement.models import (
    AnnouncementKind,
    RoadmapStatus,
    ServiceRequest,
    ServiceStatus,
)
from partnercenter.engagement.roadmap import roadmap_status_set
from partnercenter.engagement.services import NEXT, service_request_update
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.roles import MANAGE_PROGRAM, SUPPORT_PARTNERS


@staff_view(perm=MANAGE_PROGRAM)
def roadmap(request: HttpRequest) -> HttpResponse:
    """Every roadmap request, most votes first."""
    return render(request, "backoffice/roadmap.html", {"rows": selectors.roadmap_list()[:500]})


def _move(
    request: HttpRequest, service: Callable[..., object], item: object
) -> EngagementError | None:
    """On POST, move a roadmap or service request to the posted status with the posted note;
    the refusal, if any (nothing changed)."""
    if request.method != "POST":
        return None
    try:
        service(
            request=item,
            staff=staff_user(request),
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except EngagementError as exc:
        return exc
    return None


@staff_view(perm=MANAGE_PROGRAM)
def roadmap_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: who filed it, its votes and status history; set the status."""
    r = selectors.roadmap_list().filter(pk=pk).first()
    if r is None:
        raise Http404("No such roadmap request.")
    error = _move(request, roadmap_status_set, r)
    if error is None and request.method == "POST":
        messages.success(request, "Status saved; the partner's admins are emailed.")
        return redirect("backoffice:roadmap_request", pk=r.pk)
    return render(
        request,
        "backoffice/roadmap_request.html",
        {
            "r": r,
            "votes": r.votes.select_related("partner", "person").order_by("at"),
            "changes": r.status_changes.select_related("staff"),
            "statuses": RoadmapStatus.choices,
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


@staff_view(perm=SUPPORT_PARTNERS)
def service_requests(request: HttpRequest) -> HttpResponse:
    """The queue of service requests: open and in progress, oldest first."""
    show = "all" if request.GET.get("show") == "all" else "open"
    now = timezone.now()
    names = selectors.benefit_names(now)
    rows = [(r, names.get(r.benefit, r.benefit)) for r in selectors.service_queue(show=show)[:300]]
    return render(request, "backoffice/service_requests.html", {"rows": rows, "show": show})


@staff_view(perm=SUPPORT_PARTNERS)
def service_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One service request: move it on with a note the partner reads."""
    r = ServiceRequest.objects.select_related("partner", "person", "updated_by").filter(pk=pk)
    sr = r.first()
    if sr is None:
        raise Http404("No such service request.")
    error = _move(request, service_request_update, sr)
    if error is None and request.method == "POST":
        messages.success(request, "Saved; the partner sees the new status.")
        return redirect("backoffice:service_request", pk=sr.pk)
    return render(
        request,
        "backoffice/service_request.html",
        {
            "r": sr,
            "name": selectors.benefit_names(timezone.now()).get(sr.benefit, sr.benefit),
            "moves": [(s, ServiceStatus(s).label) for s in NEXT[sr.status]],
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


def _segment_choices() -> dict[str, Any]:
    edition = edition_at(timezone.now().date())
    return {
        "kinds": AnnouncementKind.choices,
        "level_choices": [(lv.code, lv.name) for lv in edition.levels],
        "profile_choices": [(p.code, p.name) for p in edition.profiles],
        "country_choices": list(countries),
    }


@staff_view(perm=MANAGE_PROGRAM)
def announcements(request: HttpRequest) -> HttpResponse:
    """Write an announcement, choose a segment, preview how many it reaches, send it."""
    error: EngagementError | None = None
    preview: tuple[int, int] | None = None
    if request.method == "POST":
        try:
            draft = announcement_check(
                kind=request.POST.get("kind", ""),
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                levels=request.POST.getlist("levels"),
                profiles=request.POST.getlist("profiles"),
                countries=request.POST.getlist("countries"),
            )
        except EngagementError as exc:
            error = exc
        else:
            if request.POST.get("action") == "send":
                a = announcement_send(
                    draft=draft, staff=staff_user(request), key=request.POST.get("send_key")
                )
                messages.success(
                    request,
                    f"Sending to {a.partners_count} partner{'s' if a.partners_count != 1 else ''} "
                    "in the background; the list below shows the counts once it is sent.",
                )
                return redirect("backoffice:announcements")
            preview = draft.recipients()
    return render(
        request,
        "backoffice/announcements.html",
        {
            **_segment_choices(),
            "rows": selectors.announcements_sent()[:100],
            "error": error,
            "preview": preview,
            "posted": request.POST,
            "send_key": request.POST.get("send_key") or uuid.uuid4().hex,
            "chosen": {k: request.POST.getlist(k) for k in ("levels", "profiles", "countries")},
        },
        status=400 if error else 200,
    )
