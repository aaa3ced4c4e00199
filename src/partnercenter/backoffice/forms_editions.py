"""Forms of the Editions pages; the rules (size, UTF-8, TOML, dates) live in the workbench."""

from __future__ import annotations

from django import forms

from partnercenter.editions_workbench.services import MAX_TEXT_BYTES
from partnercenter.standing.filters import DateInput


class EditionUploadForm(forms.Form):
    program_file = forms.FileField(
        label="Program file (.toml)",
        help_text=f"The edition's rules as TOML, UTF-8, at most {MAX_TEXT_BYTES // 1024} KB.",
    )
    contract_file = forms.FileField(
        label="Contract template (.html, optional)",
        required=False,
        help_text="Leave empty to start from the contract of the edition in force.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["program_file"].widget.attrs["accept"] = ".toml,text/plain,application/toml"
        self.fields["contract_file"].widget.attrs["accept"] = ".html,.htm,text/html"


class EditionTextForm(forms.Form):
    source = forms.CharField(
        label="Program file (TOML)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
    )
    contract_template = forms.CharField(
        label="Contract template (HTML, a Django template)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "code"}),
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label="Takes effect on",
        widget=DateInput,
        help_text="After today. If it differs from the text's program.effective_from, "
        "the text is set to it when published.",
    )
