"""The public "Find a partner" form."""

from __future__ import annotations

from typing import Any

from django import forms
from django_countries import countries

from partnercenter.domain.program import Edition
from partnercenter.leads.models import BUDGET_BAND_NAMES


class FindPartnerForm(forms.Form):
    """What a customer needs, where, and how to reach them; consent to pass it on."""

    profile = forms.ChoiceField(label="What kind of partner?")
    need = forms.CharField(
        label="What do you need?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences about your project; at most 4,000 characters.",
    )
    country = forms.ChoiceField(label="Your country")
    budget_band = forms.ChoiceField(label="Budget", required=False)
    contact_name = forms.CharField(label="Your name", max_length=200)
    contact_email = forms.EmailField(
        label="Your email", max_length=254, help_text="The partner contacts you at this address."
    )
    consent = forms.BooleanField(
        label="7x may pass my request and contact details to one partner at a time",
        error_messages={"required": "Agree that 7x passes your request to a partner."},
    )
    fax_number = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "country": [("", "Choose a country")] + [(c.code, c.name) for c in countries],
            "profile": [("", "Choose a profile")] + [(p.code, p.name) for p in edition.profiles],
            "budget_band": [("", "Not sure yet")]
            + [(b, BUDGET_BAND_NAMES.get(b, b)) for b in edition.leads.budget_bands],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        self.fields["fax_number"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
