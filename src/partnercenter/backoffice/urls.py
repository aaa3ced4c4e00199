"""URL routes of the staff back office."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.backoffice import (
    membership_pages,
    views,
    views_applications,
    views_audit,
    views_billing,
    views_commissions,
    views_contract,
    views_import,
    views_privacy,
    views_queue,
    views_review,
)

app_name = "backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("queue/", views_queue.queue, name="queue"),
    path("commissions/", views_commissions.commissions, name="commissions"),
    path("commissions/payment/", views_commissions.payment, name="commission_payment"),
    path("commissions/refund/", views_commissions.refund, name="commission_refund"),
    path("commissions/approve/", views_commissions.approve, name="commissions_approve"),
    path("commissions/batches/", views_commissions.batch_create, name="payout_batch_create"),
    path(
        "commissions/batches/<int:pk>.csv",
        views_commissions.batch_download,
        name="payout_batch_csv",
    ),
    path(
        "commissions/batches/<int:pk>/paid/", views_commissions.batch_paid, name="payout_batch_paid"
    ),
    path("queue/approve/", views_queue.queue_bulk, name="queue_bulk"),
    path("submissions/<int:pk>/", views_queue.submission_detail, name="submission"),
    path("submissions/<int:pk>/approve/", views_queue.submission_approve_view, name="approve"),
    path("submissions/<int:pk>/reject/", views_queue.submission_reject_view, name="reject"),
    path("submissions/<int:pk>/evidence/", views_queue.submission_evidence, name="evidence"),
    path("partners/", views.partners, name="partners"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
    path("partners/<slug:slug>/adjust/", views.partner_adjust, name="adjust"),
    path("partners/<slug:slug>/certify/", views.partner_certify, name="certify"),
    path("partners/<slug:slug>/notice/", membership_pages.partner_notice, name="notice"),
    path(
        "partners/<slug:slug>/notice/withdraw/",
        membership_pages.partner_notice_withdraw,
        name="notice_withdraw",
    ),
    path(
        "partners/<slug:slug>/people/<int:pk>/data.json",
        views_privacy.person_data_download,
        name="person_data",
    ),
    path(
        "partners/<slug:slug>/people/<int:pk>/erase/",
        views_privacy.person_erase_view,
        name="person_erase",
    ),
    path("partners/<slug:slug>/terminate/", membership_pages.partner_terminate, name="terminate"),
    path("logo-deadlines/<int:pk>/resolve/", membership_pages.logo_resolve, name="logo_resolve"),
    path("scheduler/", membership_pages.scheduler, name="scheduler"),
    path("review/", views_review.review, name="review"),
    path("review/run/", views_review.review_run_start, name="review_start"),
    path("review/runs/<int:pk>/", views_review.review_run_detail, name="review_run"),
    path("applications/", views_applications.applications, name="applications"),
    path("applications/<int:pk>/", views_applications.application_detail, name="application"),
    path(
        "applications/<int:pk>/approve/",
        views_applications.application_approve_view,
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views_applications.application_reject_view,
        name="application_reject",
    ),
    path("invoices/", views_billing.invoices, name="invoices"),
    path("invoices/<str:number>/", views_billing.invoice_detail, name="invoice"),
    path("invoices/<str:number>.pdf", views_billing.invoice_pdf, name="invoice_pdf"),
    path(
        "invoices/<str:number>/credit-note.pdf",
        views_billing.credit_note_pdf,
        name="credit_note_pdf",
    ),
    path("invoices/<str:number>/payment/", views_billing.invoice_payment, name="invoice_payment"),
    path("invoices/<str:number>/void/", views_billing.invoice_void_view, name="invoice_void"),
    path("contracts/", views_contract.contracts_awaiting, name="contracts"),
    path("contracts/<int:pk>/", views_contract.contract_detail, name="contract"),
    path(
        "contracts/<int:pk>/countersign/",
        views_contract.contract_countersign_view,
        name="contract_countersign",
    ),
    path(
        "contracts/<int:pk>/contract.pdf",
        views_contract.contract_file,
        {"which": "contract"},
        name="contract_pdf",
    ),
    path(
        "contracts/<int:pk>/signed.pdf",
        views_contract.contract_file,
        {"which": "signed"},
        name="contract_signed_pdf",
    ),
    path("export/", views.exports, name="exports"),
    path("export/ledger/", views.ledger_export, name="ledger_export"),
    path("import/", views_import.import_page, name="imports"),
    path("import/apply/", views_import.import_apply, name="import_apply"),
    path("import/examples/<slug:kind>.csv", views_import.import_example, name="import_example"),
    path("audit/", views_audit.audit, name="audit"),
]
