"""URL routes of the hooks app: the inbox pages first, so no source is called "inbox"."""

from django.urls import URLPattern, URLResolver, path

from partnercenter.hooks import views

app_name = "hooks"
urlpatterns: list[URLPattern | URLResolver] = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/replay", views.replay, name="replay"),
    path("<slug:source>", views.receive, name="receive"),
]
