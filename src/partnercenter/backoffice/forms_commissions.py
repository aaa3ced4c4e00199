"""Back-office forms of commissions: a referred customer's payment or refund, in dollars."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from partnercenter.standing.filters import DateInput


def _cents(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * 100)


class ReferralPaymentForm(forms.Form):
    """7x was paid by a referred customer (seen outside the store)."""

    referral_code = forms.CharField(label="Referral code", max_length=20)
    reference = forms.CharField(label="Payment reference", max_length=150)
    amount = forms.DecimalField(
        label="Amount paid (USD)", min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    tax = forms.DecimalField(
        label="Of which tax (USD)",
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    paid_on = forms.DateField(label="Paid on", widget=DateInput)

    def gross_cents(self) -> int:
        return _cents(self.cleaned_data["amount"])

    def tax_cents(self) -> int:
        return _cents(self.cleaned_data.get("tax"))


class ReferralRefundForm(forms.Form):
    """7x refunded (part of) a referred customer's payment."""

    payment_reference = forms.CharField(label="Payment reference", max_length=150)
    reference = forms.CharField(label="Refund reference", max_length=150)
    amount = forms.DecimalField(
        label="Amount refunded (USD)", min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )

    def gross_cents(self) -> int:
        return _cents(self.cleaned_data["amount"])
