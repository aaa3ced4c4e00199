"""Who is calling: a personal token (`Authorization: Bearer pc_…`) or the browser session.

Session calls are CSRF-checked (ninja's cookie auth), so a page elsewhere cannot
post with the user's cookie. Tokens carry scopes: `read` allows GET, `write`
allows POST. `caller(request)` gives handlers one object to decide access on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from partnercenter.api import conf
from partnercenter.api.errors import Forbidden, NotFound
from partnercenter.api.models import ApiToken, Scope
from partnercenter.api.selectors import token_for_secret
from partnercenter.partners.models import Partner, Person
from partnercenter.staffroles.access import Perm, staff_refusal
from partnercenter.staffroles.roles import VIEW_BACKOFFICE

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _ended_partner(user: Any, method: str | None) -> None:
    """A terminated partner's people may read (not write) for the access period; then nothing."""
    from partnercenter.membership.selectors import portal_access

    person = Person.objects.select_related("partner").filter(user=user).first()
    if person is None or person.partner.status != "terminated":
        return
    access = portal_access(person.partner, timezone.now().date())
    if access == "none":
        raise AuthorizationError(403, "The partner's membership ended; its access has ended too.")
    if method not in SAFE_METHODS:
        raise AuthorizationError(
            403, "The partner's membership ended: its people may read, not change anything."
        )


def _staff_only(user: Any) -> None:
    """Staff with a back-office role; each operation then checks its own permission."""
    if not getattr(user, "is_staff", False):
        raise AuthorizationError(403, "This operation is for program staff.")
    if not user.has_perm(VIEW_BACKOFFICE):
        raise AuthorizationError(
            403, "You have no back-office role yet; ask an administrator to give you one."
        )


class TokenAuth(HttpBearer):
    """A personal API token; a read-only token is refused (403) on anything but reads.

    With `staff=True` (staff operations) a non-staff token is refused before the
    request is even validated, so nothing about the operation leaks.
    """

    def __init__(self, staff: bool = False) -> None:
        super().__init__()
        self.staff = staff

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        """No Authorization header: let the session try. A header that fails is a 401, even
        beside a valid session cookie: the caller claimed to be a token, and that claim is false."""
        if "Authorization" not in request.headers:
            return None
        found = super().__call__(request)
        if found is None:
            raise AuthenticationError()
        return found  # type: ignore[no-any-return]

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for_secret(token)
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.has_scope(Scope.WRITE):
            raise AuthorizationError(
                403, "This token is read-only (scope 'read'); use a write token."
            )
        if self.staff:
            _staff_only(found.user)
        _ended_partner(found.user, request.method)
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            # At most one write a minute per token: "last used" is for people, not auditing.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


class UserSession(SessionAuth):
    """The signed-in browser user (CSRF-checked on writes); `staff=True` refuses others (403)."""

    def __init__(self, staff: bool = False) -> None:
        super().__init__(csrf=True)
        self.staff = staff

    def __call__(self, request: HttpRequest) -> Any:
        """CSRF protects a signed-in session only: with no session the request is anonymous
        (401 `unauthenticated`), not a forged one (403 `csrf_failed`)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            if self.staff:
                _staff_only(user)
            _ended_partner(user, request.method)
            return user
        return None


AUTH = [TokenAuth(), UserSession()]
"""Every operation: a token or the session."""

STAFF_AUTH = [TokenAuth(staff=True), UserSession(staff=True)]
"""Staff operations: the same, and the user must be staff (403 before validation otherwise)."""


@dataclass(frozen=True)
class Caller:
    """The authenticated user, their partner person (if any), the token used (if any) and the
    request's method (reads and writes need different staff permissions)."""

    user: AbstractBaseUser
    person: Person | None
    token: ApiToken | None
    method: str = "GET"

    @property
    def is_staff(self) -> bool:
        """Staff with a back-office role (a staff account without any role sees no partner)."""
        user: Any = self.user
        return bool(getattr(user, "is_staff", False)) and bool(user.has_perm(VIEW_BACKOFFICE))

    def partner(self, slug: str) -> Partner:
        """The partner `slug` if the caller may see it: staff, or one of its people.

        Another partner's slug answers 404, exactly like a slug that does not
        exist: a caller learns nothing about partners that are not theirs.
        """
        if self.person is not None and self.person.partner.slug == slug:
            return self.person.partner
        if self.is_staff:
            partner = Partner.objects.filter(slug=slug).first()
            if partner is not None:
                return partner
        raise NotFound(f"No partner {slug!r} that you can see.", field="slug")

    def require_staff(self, perm: Perm = None) -> None:
        """Refuse (403) unless staff with `perm` (see `staffroles.access`: the viewer reads
        everything, changes nothing); staff routers also check staff before validation."""
        if not self.is_staff:
            raise Forbidden("This operation is for program staff.")
        refusal = staff_refusal(self.user, perm, self.method)
        if refusal:
            raise Forbidden(refusal)

    def require_person(self, partner: Partner) -> Person:
        """The caller's person in `partner`; staff act through their own person, if any."""
        if self.person is None or self.person.partner_id != partner.pk:
            raise Forbidden("Only the partner's own people may do this.")
        return self.person


def caller(request: HttpRequest) -> Caller:
    """The authenticated caller of this request (after ninja's auth has run)."""
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise Forbidden("Sign in or send a token.")  # auth runs first; this is a safety net
    person = Person.objects.select_related("partner").filter(user=user).first()
    return Caller(
        user=user,
        person=person,
        token=getattr(request, "api_token", None),
        method=request.method or "GET",
    )


class PerTokenThrottle(SimpleRateThrottle):
    """Rate limit per token (or per signed-in user, or per address); 429 with Retry-After."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(conf.RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read the rate each time so operators (and tests) can change it without a restart.
        self.num_requests, self.duration = self.parse_rate(conf.RATE)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"token:{token.pk}"
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
