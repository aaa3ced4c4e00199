"""Webhook endpoints (`/hooks/<source>`) and the staff inbox page (`/hooks/inbox/`)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from partnercenter.audit.services import audit_record
from partnercenter.hooks import conf
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.selectors import deliveries, inbox_counts
from partnercenter.hooks.services import delivery_receive, delivery_replay
from partnercenter.hooks.signing import SignatureRefused
from partnercenter.hooks.sources import PARSERS, BadDelivery
from partnercenter.ops.metrics import deliveries_received
from partnercenter.staffroles.access import staff_refusal
from partnercenter.staffroles.roles import MANAGE_PROGRAM

log = logging.getLogger("partnercenter.hooks")


def _refuse(status: int, code: str, message: str, field: str = "") -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "field": field}, status=status)


@csrf_exempt  # senders are machines authenticated by the HMAC signature, not by a session
@require_POST
def receive(request: HttpRequest, source: str) -> HttpResponse:
    """Verify, store, acknowledge. 202 for a new delivery, 200 for one already stored."""
    parser = PARSERS.get(source)
    if parser is None:
        return _refuse(404, "unknown_source", f"No webhook source {source!r}.")
    if not conf.secret_for(source):
        log.warning(
            "hooks %s refused: not configured (%s unset)", source, conf.SECRET_VARIABLES[source]
        )
        return _refuse(
            503,
            "not_configured",
            f"The {source} webhook is not configured here ({conf.SECRET_VARIABLES[source]}).",
        )
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > conf.MAX_BODY_BYTES:
        log.warning("hooks %s refused: body of %s bytes", source, length)
        return _refuse(413, "too_large", f"Deliveries are at most {conf.MAX_BODY_BYTES} bytes.")
    body = request.body
    try:
        incoming = parser(request.headers, body, None)
    except SignatureRefused as exc:
        log.warning(
            "hooks %s refused (%s) from %s", source, exc.code, request.META.get("REMOTE_ADDR")
        )
        return _refuse(401, exc.code, exc.message, "signature")
    except BadDelivery as exc:
        log.warning("hooks %s refused (bad delivery): %s", source, exc.message)
        return _refuse(400, exc.code, exc.message, exc.field)
    received = delivery_receive(source=source, incoming=incoming)
    deliveries_received(source=source, duplicate=not received.created)
    return JsonResponse(
        {"delivery": received.pk, "status": received.status, "duplicate": not received.created},
        status=202 if received.created else 200,
    )


def _staff(request: HttpRequest) -> None:
    """The inbox is the program manager's (the viewer reads it); others are refused (403)."""
    refusal = staff_refusal(request.user, MANAGE_PROGRAM, request.method or "GET")
    if refusal:
        raise PermissionDenied(refusal)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Staff: every delivery with its status and error, filterable, with replay."""
    _staff(request)
    status = request.GET.get("status", "")
    source = request.GET.get("source", "")
    page = Paginator(deliveries(status=status, source=source), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hooks/inbox.html",
        {
            "page": page,
            "counts": inbox_counts(),
            "status": status,
            "source": source,
            "statuses": DeliveryStatus.choices,
            "sources": sorted(PARSERS),
        },
    )


@login_required
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    delivery = get_object_or_404(Delivery, pk=pk)
    return render(request, "hooks/delivery.html", {"delivery": delivery})


@login_required
@require_POST
def replay(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    with transaction.atomic():
        done = delivery_replay(delivery=get_object_or_404(Delivery, pk=pk))
        audit_record(
            actor=request.user, action="delivery.replay", target=("delivery", done.pk, done.source)
        )
    return redirect("hooks:inbox_detail", pk=pk)


replay.staff_perm = MANAGE_PROGRAM  # type: ignore[attr-defined]  # read by {% can_post %}
