"""URL routes of the staff back office."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.backoffice import (
    membership_pages,
    views,
    views_applications,
    views_billing,
    views_queue,
    views_review,
)

app_name = "backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("queue/", views_queue.queue, name="queue"),
    path("queue/approve/", views_queue.queue_bulk, name="queue_bulk"),
    path("submissions/<int:pk>/", views_queue.submission_detail, name="submission"),
    path("submissions/<int:pk>/approve/", views_queue.submission_approve_view, name="approve"),
    path("submissions/<int:pk>/reject/", views_queue.submission_reject_view, name="reject"),
    path("submissions/<int:pk>/evidence/", views_queue.submission_evidence, name="evidence"),
    path("partners/", views.partners, name="partners"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
    path("partners/<slug:slug>/adjust/", views.partner_adjust, name="adjust"),
    path("partners/<slug:slug>/certify/", views.partner_certify, name="certify"),
    path(
        "partners/<slug:slug>/certifications/<int:pk>/revoke/",
        views.partner_certification_revoke,
        name="certification_revoke",
    ),
    path("partners/<slug:slug>/notice/", membership_pages.partner_notice, name="notice"),
    path(
        "partners/<slug:slug>/notice/withdraw/",
        membership_pages.partner_notice_withdraw,
        name="notice_withdraw",
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
    path("export/", views.exports, name="exports"),
    path("export/ledger/", views.ledger_export, name="ledger_export"),
]
