"""The OAuth endpoints of linking (mounted at /links/): GitHub's and the community's OpenID Connect.

Only these of allauth's URLs exist: no allauth sign-in, sign-up or connections pages.
"""

from django.urls import URLPattern, URLResolver, include, path

from partnercenter.linkedaccounts import oauth

urlpatterns: list[URLPattern | URLResolver] = [
    path("github/login/", oauth.github_login, name="github_login"),
    path("github/login/callback/", oauth.github_callback, name="github_callback"),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
]
