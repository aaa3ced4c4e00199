"""Back-office forms of the membership: notice on 7x's side, termination for breach."""

from __future__ import annotations

from django import forms


class NoticeForm(forms.Form):
    """7x gives notice: a reason for the record and the partner's email, and a confirmation."""

    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sent to the partner's admins with the notice.",
    )
    confirm = forms.BooleanField(
        label="Give notice on 7x's side",
        required=True,
        error_messages={"required": "Tick the box to confirm the notice."},
    )


class TerminateForm(forms.Form):
    """Terminate for breach, today: the reason is required."""

    reason = forms.CharField(
        label="Breach (required)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say which breach ends the membership at once."},
    )
    confirm = forms.BooleanField(
        label="Terminate now, without notice",
        required=True,
        error_messages={"required": "Tick the box to confirm the termination."},
    )
