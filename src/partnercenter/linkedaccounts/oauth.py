"""Linking by OAuth on django-allauth: connecting only, never signing in or signing up.

allauth runs the dance (state, code exchange, the provider's profile); our adapter
turns its result into a `LinkedAccount` for the signed-in person and answers with a
redirect to the portal's "Linked accounts" page, so allauth stores no social account
of its own and never signs anyone in. Errors (a wrong `state`, a refused code, the
login already someone else's) come back to that page as a message; nothing changes.
"""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.github.provider import GitHubProvider
from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase

from partnercenter.errors import Refusal
from partnercenter.linkedaccounts.conf import COMMUNITY_APP_ID, github_urls
from partnercenter.linkedaccounts.models import Provider, VerifiedVia
from partnercenter.linkedaccounts.services import linked_account_link
from partnercenter.partners.models import PartnerStatus, Person

LINKS_PAGE = "/portal/linked-accounts/"
PROVIDERS = {"github": Provider.GITHUB, COMMUNITY_APP_ID: Provider.COMMUNITY}
"""allauth's provider id → ours."""


def _back(request: HttpRequest, level: int, text: str) -> HttpResponseRedirect:
    messages.add_message(request, level, text)
    return HttpResponseRedirect(LINKS_PAGE)


def _claims(data: dict[str, Any]) -> dict[str, Any]:
    """The OpenID Connect claims allauth kept (userinfo first, else the ID token)."""
    for key in ("userinfo", "id_token"):
        if isinstance(data.get(key), dict):
            return dict(data[key])
    return data


def _login_of(provider: str, data: dict[str, Any]) -> str:
    if provider == Provider.GITHUB:
        return str(data.get("login") or "")
    claims = _claims(data)
    return str(claims.get("preferred_username") or claims.get("nickname") or "")


class LinkOnlyAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """allauth's social adapter for Partner Center: accounts are linked, not signed in with."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        """Nobody signs up with GitHub or the community site."""
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Link the proven account to the signed-in person, then go back to the page."""
        raise ImmediateHttpResponse(self._link(request, sociallogin))

    def _link(self, request: HttpRequest, sociallogin: Any) -> HttpResponseRedirect:
        provider = PROVIDERS.get(sociallogin.account.provider)
        label = provider.label if provider else "That provider"
        if sociallogin.state.get("process") != "connect" or not request.user.is_authenticated:
            messages.error(
                request,
                f"{label} is not a way to sign in here: sign in with your email and password, "
                "then link the account on the Linked accounts page.",
            )
            return HttpResponseRedirect(settings.LOGIN_URL)
        person = Person.objects.select_related("partner").filter(user=request.user).first()
        if person is None or person.partner.status == PartnerStatus.TERMINATED:
            return _back(request, messages.ERROR, "Only people of a partner link accounts.")
        if provider is None:
            return _back(request, messages.ERROR, "That provider is not linked here.")
        login = _login_of(provider, sociallogin.account.extra_data or {})
        try:
            result = linked_account_link(
                person=person,
                provider=provider,
                login=login,
                uid=str(sociallogin.account.uid or ""),
                verified_via=VerifiedVia.OAUTH,
                reason=f"Signed in at {label} (OAuth)",
                linked_by=request.user,
            )
        except Refusal as exc:
            return _back(request, messages.ERROR, exc.message)
        if not result.changed:
            return _back(request, messages.INFO, f"{label} {login} was already linked to you.")
        return _back(
            request,
            messages.SUCCESS,
            f"{label} account {result.link.login} is linked: its activity now earns "
            f"{person.partner.name} points.",
        )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """A cancelled dance, a wrong or expired `state`, a refused code: say so, change nothing."""
        name = getattr(provider, "name", "The provider")
        if str(error) == "cancelled":
            text = f"Linking with {name} was cancelled; nothing was changed."
        elif (extra_context or {}).get("state") is None:
            text = (
                f"{name} answered a request this browser did not start (or started more than "
                "10 minutes ago): the state does not match. Nothing was linked; try again."
            )
        else:
            text = f"{name} did not confirm the account; nothing was linked. Try again."
        raise ImmediateHttpResponse(_back(request, messages.ERROR, text))


class GitHubAdapter(GitHubOAuth2Adapter):  # type: ignore[misc]
    """allauth's GitHub adapter with its URLs read from settings when used, not at import."""

    @property
    def authorize_url(self) -> str:  # type: ignore[override]
        return f"{github_urls(settings.SOCIALACCOUNT_PROVIDERS)[0]}/login/oauth/authorize"

    @property
    def access_token_url(self) -> str:  # type: ignore[override]
        return f"{github_urls(settings.SOCIALACCOUNT_PROVIDERS)[0]}/login/oauth/access_token"

    @property
    def profile_url(self) -> str:  # type: ignore[override]
        return f"{github_urls(settings.SOCIALACCOUNT_PROVIDERS)[1]}/user"

    @property
    def emails_url(self) -> str:  # type: ignore[override]
        return f"{github_urls(settings.SOCIALACCOUNT_PROVIDERS)[1]}/user/emails"


class GitHubLinkProvider(GitHubProvider):  # type: ignore[misc]
    """allauth's GitHub provider, talking to `GitHubAdapter` (URLs from settings)."""

    oauth2_adapter_class = GitHubAdapter


_github_login = OAuth2LoginView.adapter_view(GitHubAdapter)
_github_callback = OAuth2CallbackView.adapter_view(GitHubAdapter)


def github_login(request: HttpRequest) -> HttpResponseBase:
    """Start linking GitHub (POST with process=connect); 404 when no GitHub app is configured.

    A GET (a bookmarked or typed URL) goes to the Linked accounts page, whose button posts.
    """
    if request.method != "POST":
        return HttpResponseRedirect(LINKS_PAGE)
    try:
        return _github_login(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as exc:
        raise Http404("Linking with GitHub is not set up here.") from exc


def github_callback(request: HttpRequest) -> HttpResponseBase:
    """GitHub's answer; 404 when no GitHub app is configured."""
    try:
        return _github_callback(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as exc:
        raise Http404("Linking with GitHub is not set up here.") from exc


def community_login(request: HttpRequest, provider_id: str) -> HttpResponseBase:
    """Start linking the community account (POST); a GET goes to the Linked accounts page."""
    if request.method != "POST":
        return HttpResponseRedirect(LINKS_PAGE)
    return oidc_views.login(request, provider_id)  # type: ignore[no-any-return]
