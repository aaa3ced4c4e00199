"""Portal forms of referrals: every field labelled; the rules stay in the commissions services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from partnercenter.domain.program import Edition


def _criteria(edition: Edition) -> list[tuple[str, str]]:
    return list(edition.referrals.hot_criteria.items())


class ReferralForm(forms.Form):
    """Register a customer referred to 7x."""

    company = forms.CharField(label="Company", max_length=200)
    contact_name = forms.CharField(label="Contact name", max_length=200)
    contact_email = forms.EmailField(label="Contact e-mail")
    expected_value = forms.DecimalField(
        label="Expected value (USD)",
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="What you expect the customer to spend with 7x in its first year.",
    )
    temperature = forms.ChoiceField(
        label="Temperature",
        choices=[("cold", "Cold: an introduction"), ("hot", "Hot: a qualified need")],
        initial="cold",
        widget=forms.RadioSelect,
    )
    hot_criteria = forms.MultipleChoiceField(
        label="What makes it hot (all are needed)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note for 7x sales", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hot_criteria"].choices = _criteria(edition)  # type: ignore[attr-defined]

    def cents(self) -> int:
        value = self.cleaned_data.get("expected_value") or Decimal(0)
        return int(value * 100)


class ReferralUpdateForm(forms.Form):
    """Progress a referral: temperature and criteria, qualified or lost."""

    temperature = forms.ChoiceField(
        label="Temperature",
        choices=[("cold", "Cold: an introduction"), ("hot", "Hot: a qualified need")],
        widget=forms.RadioSelect,
    )
    hot_criteria = forms.MultipleChoiceField(
        label="What makes it hot (all are needed)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "No change"), ("qualified", "Qualified"), ("lost", "Lost")],
    )
    note = forms.CharField(
        label="Note for 7x sales", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hot_criteria"].choices = _criteria(edition)  # type: ignore[attr-defined]
