"""Forms of the public pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django_countries import countries

from partnercenter.domain.program import Edition

HONEYPOT = "fax_number"
"""A field people never see nor fill; robots that fill every input give themselves away."""


class ApplyForm(forms.Form):
    """The application: what staff need to decide, and the program terms accepted."""

    company = forms.CharField(label="Company name", max_length=200)
    country = forms.ChoiceField(label="Country")
    website = forms.CharField(
        label="Website",
        max_length=200,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://example.com"}),
    )
    profile = forms.ChoiceField(label="Profile", help_text="Your company's core competency.")
    contact_name = forms.CharField(label="Your name", max_length=200)
    contact_email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="We send a link to this address to confirm the application.",
    )
    student = forms.BooleanField(
        label="We apply as a student or educational institution", required=False
    )
    description = forms.CharField(
        label="What does your company do?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences, at most 2,000 characters.",
    )
    accepts_terms = forms.BooleanField(
        label="I accept the program terms",
        error_messages={"required": "Accept the program terms to apply."},
    )
    fax_number = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        profile = self.fields["profile"]
        assert isinstance(country, forms.ChoiceField) and isinstance(profile, forms.ChoiceField)
        country.choices = [("", "Choose a country")] + [(c.code, c.name) for c in countries]
        profile.choices = [("", "Choose a profile")] + [(p.code, p.name) for p in edition.profiles]
        self.fields["fax_number"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
