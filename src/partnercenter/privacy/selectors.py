"""Reads: everything Partner Center holds about one person, as a download."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from partnercenter.ledger.models import Entry
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Person
from partnercenter.submissions.models import Submission


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def person_is_erased(person: Person) -> bool:
    """Whether this person's personal data was erased."""
    return hasattr(person, "erasure")


def messages_to(person: Person) -> Q:
    """The messages addressed to this person (by their current address)."""
    return Q(to_email__iexact=person.email)


def person_data(person: Person) -> dict[str, Any]:
    """A person's personal data, JSON-ready: their record, account, certifications,
    submissions they made, ledger entries that name them, messages to them and their API
    tokens (names only). Nothing about anyone else: other people involved in a
    submission are left out, and no secrets (token digests, password hashes).
    """
    user = person.user
    account = None
    tokens: list[dict[str, Any]] = []
    if user is not None:
        account = {
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "active": user.is_active,
            "date_joined": _iso(getattr(user, "date_joined", None)),
            "last_login": _iso(user.last_login),
        }
        tokens = [
            {"name": t.name, "created_at": _iso(t.created_at), "revoked_at": _iso(t.revoked_at)}
            # Through the account's related name: the tokens belong to the API door.
            for t in user.api_tokens.order_by("created_at", "pk")
        ]
    submissions = Submission.objects.filter(submitted_by=person).order_by("created_at", "pk")
    entries = Entry.objects.filter(person=person).order_by("occurred_at", "pk")
    messages = Message.objects.filter(messages_to(person)).order_by("created_at", "pk")
    return {
        "generated_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "name": person.name,
            "email": person.email,
            "role": person.role,
            "community_username": person.community_username,
            "github_login": person.github_login,
            "partner": {"slug": person.partner.slug, "name": person.partner.name},
        },
        "account": account,
        "certifications": [
            {
                "type": c.type,
                "kind": c.kind,
                "earned_on": _iso(c.earned_on),
                "expires_on": _iso(c.expires_on),
            }
            for c in person.certifications.order_by("earned_on", "pk")
        ],
        "submissions": [
            {
                "id": s.pk,
                "activity": s.activity,
                "occurred_on": _iso(s.occurred_on),
                "description": s.description,
                "evidence_url": s.evidence_url,
                "evidence_file": s.evidence_name,
                "status": s.status,
                "points": s.points,
                "submitted_at": _iso(s.created_at),
            }
            for s in submissions
        ],
        "ledger_entries": [
            {
                "id": e.pk,
                "occurred_at": _iso(e.occurred_at),
                "activity": e.activity,
                "points": e.points,
                "source": e.source,
                "reason": e.reason,
            }
            for e in entries
        ],
        "messages": [
            {
                "kind": m.kind,
                "to": m.to_email,
                "subject": m.subject,
                "body": m.body_text,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in messages
        ],
        "api_tokens": tokens,
        "linked_accounts": [
            {
                "provider": a.provider,
                "login": a.login,
                "uid": a.uid,
                "verified_via": a.verified_via,
                "reason": a.reason,
                "linked_at": _iso(a.linked_at),
            }
            for a in person.linked_accounts.order_by("provider", "pk")
        ],
    }
