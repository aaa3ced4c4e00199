"""The form of the "create a personal API token" page."""

from __future__ import annotations

from django import forms

from partnercenter.api.models import Scope

EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "Never")]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. “CI export”.")
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
        help_text="Write lets the token report activities (and implies read).",
    )
    expires_in_days = forms.ChoiceField(choices=EXPIRY_CHOICES, initial="90", required=False)
