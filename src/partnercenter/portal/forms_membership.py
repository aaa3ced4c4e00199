"""Portal forms of the membership: giving notice."""

from __future__ import annotations

from django import forms


class NoticeForm(forms.Form):
    """Give notice: a confirmation box (it ends the membership) and an optional reason."""

    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell 7x why, if you like.",
    )
    confirm = forms.BooleanField(
        label="I understand that the membership ends when the notice period is over.",
        required=True,
        error_messages={"required": "Tick the box to confirm you want to give notice."},
    )
