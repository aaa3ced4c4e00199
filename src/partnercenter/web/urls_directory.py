"""Public routes of the directory, partner pages, badges and the verify page."""

from django.urls import URLPattern, path

from partnercenter.web import views_directory as views

urlpatterns: list[URLPattern] = [
    path("partners/", views.directory, name="directory"),
    path("partners/profile/<slug:profile>/", views.directory, name="directory_profile"),
    path("partners/<slug:slug>/", views.partner_page, name="partner_page"),
    path("partners/<slug:slug>/logo.png", views.partner_logo, name="partner_logo"),
    path("badge/<slug:slug>.svg", views.badge, name="badge"),
    path("verify/<slug:slug>", views.verify, name="verify"),
]
