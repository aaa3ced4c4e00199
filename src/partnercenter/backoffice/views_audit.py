"""The Audit page: every staff action and refused authorization, filtered, paged, exported."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from partnercenter.audit.selectors import (
    ACTIONS,
    AuditFilter,
    audit_csv_rows,
    audit_events,
    audit_page,
)
from partnercenter.backoffice.access import staff_view
from partnercenter.staffroles.roles import MANAGE_PROGRAM

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    """The Audit page's filters; every field optional."""

    actor = forms.CharField(label="Who (email contains)", required=False, max_length=254)
    action = forms.ChoiceField(label="Action", required=False)
    target = forms.CharField(
        label="Target (slug, number, or type:id)", required=False, max_length=200
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label="Details contain", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action")] + sorted(  # type: ignore[attr-defined]
            ACTIONS.items(), key=lambda c: c[1]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return data

    def audit_filter(self) -> AuditFilter:
        d = self.cleaned_data
        return AuditFilter(
            actor=d.get("actor") or "",
            action=d.get("action") or "",
            target=(d.get("target") or "").strip(),
            since=d.get("since"),
            until=d.get("until"),
            text=d.get("q") or "",
        )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv(rows: Iterator[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel reads UTF-8
    for row in rows:
        yield writer.writerow(row)


@staff_view(perm=MANAGE_PROGRAM)
def audit(request: HttpRequest) -> HttpResponseBase:
    """Newest first; `?before=<cursor>` pages back (keyset, fast at any depth); `?export=csv`."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "backoffice/audit.html",
            {"form": form, "rows": [], "older": None, "query": "", "paged": False},
            status=400,
        )
    qs = audit_events(form.audit_filter() if form.is_bound else AuditFilter())
    if request.GET.get("export") == "csv":
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            _csv(audit_csv_rows(qs)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
    before = request.GET.get("before", "")[:80]
    rows, older = audit_page(qs, before=before, size=PAGE_SIZE)
    query = request.GET.copy()
    for key in ("before", "export"):
        query.pop(key, None)
    return render(
        request,
        "backoffice/audit.html",
        {
            "form": form,
            "rows": rows,
            "older": older,
            "query": query.urlencode(),
            "paged": bool(before),
            "names": ACTIONS,
        },
    )
