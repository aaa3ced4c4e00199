"""Applying to the program: /apply/."""

from django.urls import URLPattern, path

from partnercenter.web import views_apply

app_name = "apply"
urlpatterns: list[URLPattern] = [
    path("", views_apply.apply, name="form"),
    path("sent/", views_apply.sent, name="sent"),
    path("confirm/<str:token>/", views_apply.confirm, name="confirm"),
]
