"""URL routes of the staff back office."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.backoffice import views, views_import, views_queue, views_review

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
    path("export/", views.exports, name="exports"),
    path("export/ledger/", views.ledger_export, name="ledger_export"),
    path("import/", views_import.import_page, name="imports"),
    path("import/apply/", views_import.import_apply, name="import_apply"),
    path("import/examples/<slug:kind>.csv", views_import.import_example, name="import_example"),
]
