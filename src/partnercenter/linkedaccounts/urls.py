"""The OAuth endpoints of linking (mounted at /links/): GitHub's and the community's OpenID Connect.

Only these of allauth's URLs exist: no allauth sign-in, sign-up or connections pages.
"""

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import URLPattern, URLResolver, path

from partnercenter.linkedaccounts import oauth

urlpatterns: list[URLPattern | URLResolver] = [
    path("github/login/", oauth.github_login, name="github_login"),
    path("github/login/callback/", oauth.github_callback, name="github_callback"),
    path("oidc/<str:provider_id>/login/", oauth.community_login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
]
