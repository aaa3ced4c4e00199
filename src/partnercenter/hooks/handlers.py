"""Turning one delivery into ledger entries, one handler per source (a registry, not an if-chain).

Every entry's idempotency key derives from the delivery's content (the
community event id, the GitHub issue, the store order), so processing a
delivery twice, or two deliveries of the same event, posts nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from partnercenter.errors import Refusal
from partnercenter.hooks import conf
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.store import store_handle
from partnercenter.identity.selectors import verified_emails
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.linkedaccounts.selectors import links_of, person_for_login
from partnercenter.partners.models import Person
from partnercenter.programs.selectors import edition_at


@dataclass(frozen=True)
class Outcome:
    """What processing did: the delivery's new status, entries created, and a note or error."""

    status: str
    entries: int = 0
    person: Person | None = None
    note: str = ""


class DeliveryRefused(Exception):
    """The delivery cannot be processed as sent (missing field, bad date); it is marked failed."""


def moment(value: Any, fallback: datetime, field: str) -> datetime:
    """An ISO 8601 instant (a naive one is UTC), or `fallback` when absent."""
    if value in (None, ""):
        return fallback
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise DeliveryRefused(f"{field} is not an ISO 8601 date-time: {value!r}.")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def activity_for(source: str, event: str, on: datetime) -> str:
    """The activity the edition in force maps this event type to ('' when unmapped)."""
    return edition_at(on.astimezone(UTC).date()).hooks.get(source, {}).get(event, "")


def person_by(provider: str, actor: str) -> Person | None:
    """The person holding a verified link for the login `actor` (case-insensitive), or None.

    Only `linkedaccounts` links count: a login nobody linked earns nothing (parked).
    """
    return person_for_login(provider, actor)


def handle_community(delivery: Delivery) -> Outcome:
    """A forum post, bug report, article, reference, badge… by a community username."""
    payload = delivery.payload
    occurred_at = moment(payload.get("occurred_at"), delivery.received_at, "occurred_at")
    activity = activity_for("community", delivery.event, occurred_at)
    if not activity:
        return Outcome(DeliveryStatus.IGNORED, note=f"Event type {delivery.event!r} earns nothing.")
    if not delivery.actor:
        raise DeliveryRefused("username is required for an event that earns points.")
    person = person_by("community", delivery.actor)
    if person is None:
        return Outcome(
            DeliveryStatus.PARKED,
            note=f"No partner person has linked community user {delivery.actor!r}.",
        )
    what = str(payload.get("title") or payload.get("url") or delivery.event)[:200]
    posted = entry_post(
        partner=person.partner,
        person=person,
        activity=activity,
        occurred_at=occurred_at,
        source=Source.MONITORED,
        reason=f"{what} (community {delivery.delivery_id})",
        idempotency_key=f"community:{delivery.delivery_id}",
    )
    return Outcome(DeliveryStatus.PROCESSED, entries=int(posted.created), person=person)


def handle_github(delivery: Delivery) -> Outcome:
    """An issue opened by a linked person's GitHub login in a configured repository."""
    payload = delivery.payload
    repository = payload.get("repository") or {}
    repo = str(repository.get("full_name") or "").lower() if isinstance(repository, dict) else ""
    issue = payload.get("issue") if isinstance(payload.get("issue"), dict) else None
    occurred_at = moment(
        issue.get("created_at") if issue else None, delivery.received_at, "issue.created_at"
    )
    activity = activity_for("github", delivery.event, occurred_at)
    if not activity or issue is None:
        return Outcome(DeliveryStatus.IGNORED, note=f"Event {delivery.event!r} earns nothing.")
    if repo not in conf.GITHUB_REPOSITORIES:
        return Outcome(DeliveryStatus.IGNORED, note=f"Repository {repo!r} is not monitored.")
    person = person_by("github", delivery.actor)
    if person is None:
        return Outcome(
            DeliveryStatus.PARKED,
            note=f"No partner person has linked GitHub login {delivery.actor!r}.",
        )
    number = issue.get("number")
    title = str(issue.get("title") or "")[:200]
    posted = entry_post(
        partner=person.partner,
        person=person,
        activity=activity,
        occurred_at=occurred_at,
        source=Source.MONITORED,
        reason=f"{repo}#{number} {title}".strip(),
        idempotency_key=f"github:{repo}#{number}",
    )
    return Outcome(DeliveryStatus.PROCESSED, entries=int(posted.created), person=person)


def handle_store(delivery: Delivery) -> Outcome:
    if delivery.event == "invoice.paid":  # a partner's own invoice: billing, never revenue
        from partnercenter.hooks.billing import store_invoice_paid

        return store_invoice_paid(delivery)
    data = delivery.payload.get("data") or {}
    from partnercenter.commissions import store as referrals

    if isinstance(data, dict) and referrals.is_referral_delivery(delivery.event, data):
        try:  # a referred customer paid 7x: the partner's commission, not a purchase
            done = referrals.referral_store_handle(delivery.event, data, delivery.received_at)
        except (referrals.ReferralDeliveryRefused, Refusal) as exc:
            raise DeliveryRefused(getattr(exc, "message", str(exc))) from exc
        return Outcome(DeliveryStatus.PROCESSED, entries=done.entries, note=done.note)
    result = store_handle(delivery)
    return Outcome(result.status, entries=result.entries, note=result.note)


def handle_stripe(delivery: Delivery) -> Outcome:
    """Card payments of invoices (see `hooks.billing`)."""
    from partnercenter.hooks.billing import handle_stripe as handle

    return handle(delivery)


def handle_certification(delivery: Delivery) -> Outcome:
    """A certification earned, from the certification system (see `hooks.certification`)."""
    from partnercenter.hooks.certification import handle_certification as handle

    return handle(delivery)


HANDLERS: dict[str, Callable[[Delivery], Outcome]] = {
    "certification": handle_certification,
    "community": handle_community,
    "github": handle_github,
    "store": handle_store,
    "stripe": handle_stripe,
}


def parked_filter(person: Person) -> Q:
    """Deliveries whose actor is this person, by each source's name for people."""
    q = Q(pk__in=[])
    for link in links_of(person):  # community and GitHub: the person's verified links
        q |= Q(source=link.provider, actor=link.login.lower())
    # The store and the certification system name people by email: a verified one only.
    q |= Q(source__in=("store", "certification"), actor__in=verified_emails(person))
    return q
