"""The directory's filters, checked against the edition: a bad value gets a message, not a 500."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from partnercenter.domain import directory as rules
from partnercenter.domain.program import Edition


class DirectoryFilters(forms.Form):
    """Country, level, certification type and a text search; choices come from the edition."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    country = forms.CharField(label="Country (ISO code, e.g. DE)", required=False, max_length=20)
    level = forms.ChoiceField(label="Level", required=False)
    certification = forms.ChoiceField(label="Certification", required=False)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=100000, widget=forms.HiddenInput
    )

    def __init__(self, data: Any, *, edition: Edition) -> None:
        super().__init__(data)
        listed = set(rules.listed_levels(edition))
        self.fields["level"].choices = [("", "Any level")] + [  # type: ignore[attr-defined]
            (lv.code, lv.name) for lv in reversed(edition.levels) if lv.code in listed
        ]
        self.fields["certification"].choices = [("", "Any certification")] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in edition.certifications
        ]

    def clean_country(self) -> str:
        value: str = (self.cleaned_data.get("country") or "").strip().upper()
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise forms.ValidationError("Give a two-letter country code, such as DE or FR.")
        return value
