"""Routes of the public document verification."""

from django.urls import URLPattern, path

from partnercenter.documents import views

app_name = "documents"
urlpatterns: list[URLPattern] = [
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
