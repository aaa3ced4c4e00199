"""Back-office pages: the program dashboard, partners (list, page, adjust, certify) and exports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.audit.services import audit_record
from partnercenter.backoffice import selectors
from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms import (
    AdjustmentForm,
    CertificationForm,
    PartnerFilterForm,
    RevocationForm,
)
from partnercenter.backoffice.forms_membership import NoticeForm, TerminateForm
from partnercenter.backoffice.membership_pages import membership_context, membership_dashboard
from partnercenter.billing.selectors import partner_invoices
from partnercenter.ledger.errors import LedgerError
from partnercenter.partners.errors import CertificationError
from partnercenter.partners.models import Certification, Partner
from partnercenter.partners.services import certification_record, certification_revoke
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.access import may
from partnercenter.staffroles.foureyes import adjustment_limit, adjustment_submit
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_PROGRAM
from partnercenter.standing.exports import (
    csv_response,
    ledger_rows,
    xlsx_refusal,
    xlsx_response,
)
from partnercenter.standing.filters import filtered_ledger
from partnercenter.standing.selectors import (
    activity_names,
    explain_levels,
    ledger_entries,
    level_history,
    progress_rows,
    standing_now,
)


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    edition = edition_at(today)
    data = selectors.program_dashboard(edition, today)
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "d": data,
            "edition": edition,
            "activity_names": activity_names(edition),
            "ms": membership_dashboard(today),
        },
    )


def _partner_filters(request: HttpRequest) -> tuple[PartnerFilterForm, dict[str, Any]]:
    edition = edition_at(timezone.now().date())
    form = PartnerFilterForm(request.GET or None, edition=edition)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, filters


COLUMNS = [
    ("name", "Partner", ""),
    ("level", "Level", ""),
    ("points", "Points", "num"),
    ("revenue", "Revenue", "num"),
    ("status", "Status", ""),
]
"""The partner table's sortable columns: (sort key, heading, CSS class)."""


def _headings(request: HttpRequest, sort: str) -> list[dict[str, str]]:
    """Each heading links to its column sorted ascending, or reversed when it is the current one."""
    out = []
    for key, label, css in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        query["sort"] = (key if descending else f"-{key}") if current else key
        out.append(
            {
                "label": label,
                "css": css,
                "href": "?" + query.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return out


def _filter_problem(form: PartnerFilterForm) -> str:
    """One sentence naming each bad filter field and why."""
    parts = [
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    return "The filter was not applied. " + " ".join(parts)


@staff_view
def partners(request: HttpRequest) -> HttpResponseBase:
    today = timezone.now().date()
    edition = edition_at(today)
    form, filters = _partner_filters(request)
    sort = filters.pop("sort", "") or "name"
    qs = selectors.partner_search(**filters)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and not form.errors:
        rows = selectors.partner_rows(qs, edition, today + timedelta(days=1))
        if export == "csv":
            return csv_response("partners.csv", rows)
        return xlsx_response("partners.xlsx", "Partners", rows)
    # As of tomorrow's start, like the partner's own dashboard: today's entries count.
    as_of = today + timedelta(days=1)
    page = Paginator(selectors.partner_order(qs, sort, edition, as_of), 50).get_page(
        request.GET.get("page")
    )
    found = Partner.objects.in_bulk(list(page.object_list))
    shown = [found[pk] for pk in page.object_list if pk in found]
    numbers = selectors.partner_numbers(shown, as_of, edition.window_months)
    names = {lv.code: lv.name for lv in edition.levels}
    profiles = {p.code: p.name for p in edition.profiles}
    table = [
        (
            p,
            names.get(p.current_level, ""),
            profiles.get(p.profile, p.profile),
            *numbers.get(p.pk, (0, 0)),
        )
        for p in shown
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "backoffice/partners.html",
        {
            "form": form,
            "page": page,
            "rows": table,
            "query": query.urlencode(),
            "headings": _headings(request, sort),
            "problem": _filter_problem(form) if form.errors else "",
            "order_cached": sort.lstrip("-") in ("points", "revenue")
            and page.paginator.count > selectors.SORT_LIVE_UP_TO,
        },
        status=400 if form.errors else 200,
    )


def _partner_page(
    request: HttpRequest,
    partner: Partner,
    adjust: AdjustmentForm | None = None,
    certify: CertificationForm | None = None,
    status: int = 200,
    notice: NoticeForm | None = None,
    terminate: TerminateForm | None = None,
    revoke: tuple[int, RevocationForm] | None = None,
) -> HttpResponse:
    today = timezone.now().date()
    edition = edition_at(today)
    standing = standing_now(partner, today, top=10)
    membership = membership_context(partner, today, standing, notice, terminate)
    names = {c.code: c.name for c in edition.certifications}
    certs = [
        (
            c,
            names.get(c.type, c.type),
            c.expires_on is None or c.expires_on > today,
            revoke[1]
            if revoke and revoke[0] == c.pk
            else RevocationForm(initial={"on": today}, auto_id=f"revoke{c.pk}_%s"),
        )
        for c in Certification.objects.filter(partner=partner).select_related(
            "person", "revocation"
        )
    ]
    return render(
        request,
        "backoffice/partner.html",
        {
            "p": partner,
            "profile_name": {pr.code: pr.name for pr in edition.profiles}.get(
                partner.profile, partner.profile
            ),
            "plan_name": {pl.code: pl.name for pl in edition.plans}.get(partner.plan, partner.plan),
            "edition": edition,
            "standing": standing,
            "level": edition.level(partner.current_level)
            if edition.has_level(partner.current_level)
            else None,
            "progress": progress_rows(standing),
            "missing": _sentence(standing.decision.missing_sentence(edition)),
            "entries": ledger_entries(partner)[:50],
            "people": partner.people.select_related("user", "erasure").prefetch_related(
                "linked_accounts"
            ),
            "certs": certs,
            "revoking": revoke[0] if revoke else None,
            "history": level_history(partner, edition)[:12],
            "invoices": partner_invoices(partner)[:24],
            "adjust_form": adjust or AdjustmentForm(),
            "adjust_limit": adjustment_limit(),
            "can": {
                "approve": may(request.user, APPROVE_SUBMISSIONS, "POST"),
                "program": may(request.user, MANAGE_PROGRAM, "POST"),
            },
            "cert_form": certify or CertificationForm(partner=partner, edition=edition),
            "explain": request.GET.get("explain") == "1",
            "levels": explain_levels(standing),
            "activity_names": activity_names(edition),
            "live_level": edition.level(standing.decision.level)
            if standing.decision.level
            else None,
            **membership,
        },
        status=status,
    )


def _sentence(text: str) -> str:
    """End a generated sentence with a full stop."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


@staff_view
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _partner_page(request, get_object_or_404(Partner, slug=slug))


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def partner_adjust(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            done = adjustment_submit(
                partner=partner, staff_user=staff_user(request), **form.cleaned_data
            )
        except LedgerError as exc:
            form.add_error(exc.field if exc.field in ("points", "reason") else None, exc.message)
        else:
            if done.request is not None:
                messages.success(
                    request,
                    f"More than {adjustment_limit():,} points need a second approver: the "
                    "adjustment waits in “Second pair of eyes”.",
                )
            else:
                messages.success(request, "The adjustment is posted.")
            return redirect("backoffice:partner", slug=slug)
    return _partner_page(request, partner, adjust=form, status=400)


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def partner_certify(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    edition = edition_at(timezone.now().date())
    form = CertificationForm(request.POST, partner=partner, edition=edition)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                certification_record(
                    person=data["person"],
                    type=data["type"],
                    earned_on=data["earned_on"],
                    expires_on=data["expires_on"],
                )
                audit_record(
                    actor=staff_user(request),
                    action="certification.record",
                    target=partner,
                    details={
                        "person": data["person"].pk,
                        "type": data["type"],
                        "earned_on": data["earned_on"],
                        "expires_on": data["expires_on"],
                    },
                )
        except LedgerError as exc:
            field = "expires_on" if "expires_on" in exc.message else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, "The certification is recorded and its points posted.")
            return redirect("backoffice:partner", slug=slug)
    return _partner_page(request, partner, certify=form, status=400)


@staff_view(perm=MANAGE_PROGRAM)
def ledger_export(request: HttpRequest) -> HttpResponseBase:
    """The whole ledger (or one partner's, `?partner=slug`), filtered, as CSV or XLSX."""
    edition = edition_at(timezone.now().date())
    slug = request.GET.get("partner", "").strip()
    partner = Partner.objects.filter(slug=slug).first() if slug else None
    form, entries = filtered_ledger(request.GET, partner, edition)
    partner_error = "No partner has this slug." if slug and partner is None else ""
    fmt = request.GET.get("format", "csv")
    too_many = ""
    if fmt == "xlsx" and not (form.errors or partner_error):
        too_many = xlsx_refusal(entries.count())
    if form.errors or partner_error or too_many:
        return render(
            request,
            "backoffice/export.html",
            {
                "form": form,
                "partner_error": partner_error,
                "too_many": too_many,
                "partners": selectors.partner_suggestions(slug),
            },
            status=400,
        )
    name = f"{slug or 'all'}-ledger"
    rows = ledger_rows(entries, activity_names(edition))
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", "Ledger", rows)
    return csv_response(f"{name}.csv", rows)


@staff_view(perm=MANAGE_PROGRAM)
def exports(request: HttpRequest) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    form, _ = filtered_ledger(request.GET, None, edition)
    slug = request.GET.get("partner", "")
    return render(
        request,
        "backoffice/export.html",
        {"form": form, "partners": selectors.partner_suggestions(slug)},
    )


@staff_view(perm=MANAGE_PROGRAM)
def partner_suggest(request: HttpRequest) -> HttpResponse:
    """The export form's partner suggestions for what is typed so far (htmx swaps the datalist)."""
    return render(
        request,
        "backoffice/_partner_suggestions.html",
        {"partners": selectors.partner_suggestions(request.GET.get("partner", ""))},
    )


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def partner_certification_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Revoke one of the partner's certifications from a day on; the reason is required."""
    partner = get_object_or_404(Partner, slug=slug)
    cert = get_object_or_404(Certification, pk=pk, partner=partner)
    form = RevocationForm(request.POST, auto_id=f"revoke{cert.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = certification_revoke(
                certification=cert,
                on=data["on"],
                reason=data["reason"],
                user=staff_user(request),
                reverse_points=data["reverse_points"],
            )
        except CertificationError as exc:
            form.add_error(exc.field if exc.field in ("on", "reason") else None, exc.message)
        else:
            points = " and its points reversed" if result.reversal else ""
            messages.success(
                request, f"The certification is revoked from {data['on']:%d %B %Y}{points}."
            )
            return redirect("backoffice:partner", slug=slug)
    return _partner_page(request, partner, revoke=(cert.pk, form), status=400)
