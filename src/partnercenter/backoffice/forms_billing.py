"""Back-office billing forms: record a payment, void an invoice, filter the list."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from partnercenter.standing.filters import DateInput


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "All invoices"),
            ("open", "Open"),
            ("overdue", "Overdue"),
            ("paid", "Paid"),
            ("void", "Void"),
        ],
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount (USD)",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text="Exactly the invoice's total.",
    )
    paid_on = forms.DateField(label="Paid on", widget=DateInput())
    reference = forms.CharField(
        label="Reference", max_length=150, help_text="The bank statement's reference."
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["paid_on"].initial = timezone.now().date()

    def amount_cents(self) -> int:
        return int(self.cleaned_data["amount"] * 100)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Printed on the credit note.",
    )
