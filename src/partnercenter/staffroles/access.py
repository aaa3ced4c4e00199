"""Who may open or change what: one decision shared by the back office, the API and the inbox.

Reading (GET, HEAD) a page that needs a permission is allowed with that permission or
with the viewer's "read every page" (unless the page is private, such as a person's data);
changing anything (any other method) needs the permission itself. A page without a
permission of its own is open to every role for reading, and to every role but the
viewer for changing.
"""

from __future__ import annotations

from typing import Any

from partnercenter.staffroles.roles import (
    PERMISSION_WORDS,
    VIEW_ALL_PAGES,
    VIEW_BACKOFFICE,
    WRITE_PERMISSIONS,
)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Perm = str | tuple[str, ...] | None


def _perms(perm: Perm) -> tuple[str, ...]:
    if perm is None:
        return ()
    return (perm,) if isinstance(perm, str) else perm


def _words(perms: tuple[str, ...]) -> str:
    return " or ".join(PERMISSION_WORDS.get(p, p) for p in perms)


def may_write(user: Any) -> bool:
    """True for a staff user with any role that changes things (not only the viewer's)."""
    return any(user.has_perm(p) for p in WRITE_PERMISSIONS)


def staff_refusal(user: Any, perm: Perm, method: str, *, private: bool = False) -> str | None:
    """Why `user` may not do `method` on a staff page needing `perm`, or None if they may."""
    if not (getattr(user, "is_staff", False) and getattr(user, "is_active", False)):
        return "The back office is for 7x program staff."
    if not user.has_perm(VIEW_BACKOFFICE):
        return "You have no back-office role yet; ask an administrator to give you one."
    perms = _perms(perm)
    reading = method.upper() in READ_METHODS
    if not perms:
        if reading or may_write(user):
            return None
        return "The viewer role reads the back office; it changes nothing."
    if any(user.has_perm(p) for p in perms):
        return None
    if reading and not private and user.has_perm(VIEW_ALL_PAGES):
        return None
    if not reading and user.has_perm(VIEW_ALL_PAGES) and not may_write(user):
        return "The viewer role reads the back office; it changes nothing."
    return f"This needs {_words(perms)}, which your account does not have."


def may(user: Any, perm: Perm, method: str = "GET", *, private: bool = False) -> bool:
    """True when `staff_refusal` lets `user` through (for showing or hiding links and forms)."""
    return staff_refusal(user, perm, method, private=private) is None


def may_post(user: Any, url_name: str, *args: Any) -> bool:
    """True when `user` may POST to the URL `url_name` (with `args`): the permission its
    view asks (`staff_perm`, set by the back office's `staff_view`), checked as the view
    checks it. Templates ask through `{% can_post %}` to show only the forms a user may
    send; a view without `staff_perm` (signing out, say) is left to its own checks.
    """
    from django.urls import resolve, reverse

    return view_takes_post_from(user, resolve(reverse(url_name, args=args)).func)


def view_takes_post_from(user: Any, func: Any) -> bool:
    """True when the view `func` lets `user` POST (see `may_post`)."""
    if not hasattr(func, "staff_perm"):
        return True
    return may(user, func.staff_perm, "POST")
