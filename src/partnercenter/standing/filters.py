"""The ledger's filters, shared by the portal and the back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from partnercenter.domain.program import Edition
from partnercenter.ledger.models import Entry, Source
from partnercenter.partners.models import Partner
from partnercenter.standing.selectors import ledger_entries


class DateInput(forms.DateInput):
    """A date field the browser offers a calendar for."""

    input_type = "date"


def activity_choices(edition: Edition, *, with_adjustment: bool = False) -> list[tuple[str, str]]:
    """The edition's activities by name, after "Any activity"."""
    choices = [("", "Any activity")] + [(a.code, a.name) for a in edition.activities]
    if with_adjustment:
        choices.append(("adjustment", "Adjustment"))
    return choices


class LedgerFilterForm(forms.Form):
    """Filters of a ledger page; invalid values show on the field and filter nothing."""

    activity = forms.ChoiceField(label="Activity", required=False)
    source = forms.ChoiceField(
        label="Source", required=False, choices=[("", "Any source")] + list(Source.choices)
    )
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = activity_choices(edition, with_adjustment=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return data


def filtered_ledger(
    data: QueryDict, partner: Partner | None, edition: Edition
) -> tuple[LedgerFilterForm, QuerySet[Entry]]:
    """The filter form and the entries it selects; a bad filter selects nothing narrower."""
    form = LedgerFilterForm(data or None, edition=edition)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, ledger_entries(partner, **filters)
