"""Erasing a person's personal data on request, without touching the ledger.

Ledger entries (and certifications, submissions, documents) point at the person
by id and carry no name or email in their text, so replacing the person's name and
email with a pseudonym erases them everywhere Partner Center shows them, while
every sum, level and decision stays exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.linkedaccounts.services import linked_accounts_erase
from partnercenter.notifications.models import Message, MessageStatus
from partnercenter.partners.models import Person
from partnercenter.privacy.errors import AlreadyErased, NotAllowed, ReasonRequired
from partnercenter.privacy.models import Erasure
from partnercenter.privacy.selectors import messages_to


@dataclass(frozen=True)
class ErasureResult:
    """The pseudonymised person and the record of the erasure."""

    person: Person
    erasure: Erasure


def pseudonym(person_id: int) -> tuple[str, str]:
    """The name and address an erased person is shown by from then on."""
    return f"Erased person #{person_id}", f"erased-{person_id}@invalid"


def _end_sessions(user_id: int) -> int:
    """Delete the database sessions signed in as this user (the session store has no index)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
            ended += 1
    return ended


def _erase_account(user: Any, person_id: int) -> int:
    """Deactivate the account, make its password unusable, revoke its API tokens, end sessions."""
    user.is_active = False
    user.set_unusable_password()
    fields = ["is_active", "password"]
    for field, value in (
        ("username", f"erased-{person_id}"),
        ("email", ""),
        ("first_name", ""),
        ("last_name", ""),
    ):
        if hasattr(user, field):
            setattr(user, field, value)
            fields.append(field)
    user.save(update_fields=fields)
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    # The account's addresses and second factors (allauth's rows) go too.
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    return _end_sessions(user.pk)


@transaction.atomic
def person_erase(*, person: Person, staff_user: AbstractBaseUser, reason: str) -> ErasureResult:
    """Replace a person's name and email with a pseudonym, clear their community and GitHub
    logins, close their account and re-address the messages sent to them.

    Staff only, with the reason (the request it answers). The ledger is not touched.
    """
    if not getattr(staff_user, "is_staff", False) or not staff_user.is_active:
        raise NotAllowed("Only program staff erase personal data.")
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say which request this erasure answers.")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if Erasure.objects.filter(person=locked).exists():
        raise AlreadyErased(f"Person #{locked.pk}'s personal data was already erased.")
    name, email = pseudonym(locked.pk)
    old_name = locked.name
    messages = Message.objects.filter(messages_to(locked))
    changed = 0
    for message in messages:
        # The name inside an old message's text goes too (best effort: an exact match).
        message.to_email = email
        if old_name:
            message.subject = message.subject.replace(old_name, name)
            message.body_text = message.body_text.replace(old_name, name)
            message.body_html = message.body_html.replace(old_name, name)
        fields = ["to_email", "subject", "body_text", "body_html"]
        if message.status == MessageStatus.PENDING:  # never sent to the pseudonym
            message.status = MessageStatus.FAILED
            message.last_error = "Not sent: the recipient's personal data was erased."
            fields += ["status", "last_error"]
        message.save(update_fields=fields)
        changed += 1
    locked.name, locked.email = name, email
    locked.save(update_fields=["name", "email"])
    linked_accounts_erase(person=locked)  # new events from those logins earn nothing
    ended = _erase_account(locked.user, locked.pk) if locked.user is not None else 0
    erasure = Erasure.objects.create(
        person=locked,
        staff_id=staff_user.pk,
        reason=reason,
        erased_at=timezone.now(),
        sessions_ended=ended,
        messages_changed=changed,
    )
    audit_record(
        actor=staff_user,
        action="person.erase",
        target=("person", str(locked.pk), locked.name),
        details={"partner": locked.partner.slug, "reason": reason, "erasure": erasure.pk},
    )
    return ErasureResult(locked, erasure)
