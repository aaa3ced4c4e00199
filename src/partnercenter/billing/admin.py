"""Billing in the Django admin, read-only: invoices are issued, paid and voided by the services."""

from django.contrib import admin

from partnercenter.billing.models import CreditNote, Invoice, Payment, Subscription


class ReadOnly(admin.ModelAdmin):
    """Nothing is added, changed or deleted here: use the back office (payments, voids)."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly):
    list_display = [
        "partner",
        "plan",
        "period",
        "current_period_start",
        "current_period_end",
        "status",
        "next_plan",
    ]
    list_filter = ["status", "plan", "period"]
    search_fields = ["partner__name", "partner__slug"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ["number", "partner", "kind", "issued_on", "due_on", "total_cents", "status"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["number", "partner__name", "partner__slug"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["invoice", "amount_cents", "paid_on", "source", "reference"]
    list_filter = ["source"]
    search_fields = ["reference", "invoice__number"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnly):
    list_display = ["number", "invoice", "issued_on", "amount_cents"]
    search_fields = ["number", "invoice__number"]
