"""Back-office forms; every field labelled, rules left to the services."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from partnercenter.domain.program import Edition
from partnercenter.partners.models import PartnerStatus, Person
from partnercenter.standing.filters import DateInput
from partnercenter.submissions.models import RejectReason


class QueueFilterForm(forms.Form):
    activity = forms.ChoiceField(label="Activity", required=False)
    partner = forms.SlugField(label="Partner (slug)", required=False)
    age = forms.IntegerField(
        label="Waiting at least (days)", required=False, min_value=0, max_value=3650
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "Any activity")] + [  # type: ignore[attr-defined]
            (a.code, a.name) for a in edition.activities if a.tracking == "reported"
        ]


class ApproveForm(forms.Form):
    points = forms.IntegerField(
        label="Points",
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="At least the activity's minimum; leave empty to award the points claimed.",
    )


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason")] + list(RejectReason.choices)
    )
    text = forms.CharField(
        label="Explanation for the partner",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    level = forms.ChoiceField(label="Level", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status")] + list(PartnerStatus.choices)
    )
    profile = forms.ChoiceField(label="Profile", required=False)
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[
            ("name", "Name (A–Z)"),
            ("-name", "Name (Z–A)"),
            ("level", "Level (lowest first)"),
            ("-level", "Level (highest first)"),
            ("-points", "Points (most first)"),
            ("points", "Points (fewest first)"),
            ("-revenue", "Revenue (most first)"),
            ("revenue", "Revenue (least first)"),
            ("status", "Status (A–Z)"),
            ("-status", "Status (Z–A)"),
        ],
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = (  # type: ignore[attr-defined]
            [("", "Any level")]
            + [(lv.code, lv.name) for lv in edition.levels]
            + [("none", "No level")]
        )
        self.fields["profile"].choices = [("", "Any profile")] + [  # type: ignore[attr-defined]
            (p.code, p.name) for p in edition.profiles
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "“%(value)s” is not one of the choices; pick one from the list."
            )


class AdjustmentForm(forms.Form):
    points = forms.IntegerField(
        label="Points",
        help_text="Signed: negative takes points away.",
        min_value=-1_000_000,
        max_value=1_000_000,
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the ledger for good: no names or emails (people can ask to be erased).",
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"key": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)


class CertificationForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none())
    type = forms.ChoiceField(label="Certification")
    earned_on = forms.DateField(label="Earned on", widget=DateInput)
    expires_on = forms.DateField(label="Expires on", required=False, widget=DateInput)

    def __init__(self, *args: Any, partner: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = partner.people.filter(erasure__isnull=True)  # type: ignore[attr-defined]
        self.fields["type"].choices = [(c.code, c.name) for c in edition.certifications]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        earned, expires = data.get("earned_on"), data.get("expires_on")
        if earned and earned > timezone.now().date():
            self.add_error("earned_on", "The date earned cannot be in the future.")
        if earned and expires and expires <= earned:
            self.add_error("expires_on", "The expiry date must be after the date it was earned.")
        return data


class ReviewForm(forms.Form):
    as_of = forms.DateField(label="Review as of", widget=DateInput)

    def clean_as_of(self) -> Any:
        value = self.cleaned_data["as_of"]
        if not (date(2000, 1, 1) <= value <= date(2100, 1, 1)):
            raise forms.ValidationError("Choose a date between 2000 and 2100.")
        return value


class RevocationForm(forms.Form):
    """Revoke a certification from a day on, with the reason (the service checks the rules)."""

    on = forms.DateField(label="Revoked from", widget=DateInput)
    reason = forms.CharField(
        label="Reason for revoking", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    reverse_points = forms.BooleanField(
        label="Also reverse its 1,000 points (fraud, not an expiry)", required=False
    )
