"""URL routes of the staff back office."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.backoffice import views, views_contract, views_queue, views_review

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
    path("review/", views_review.review, name="review"),
    path("review/run/", views_review.review_run_start, name="review_start"),
    path("review/runs/<int:pk>/", views_review.review_run_detail, name="review_run"),
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
]
