"""Announcements to segments and optional-mailing subscriptions.

Sending records the announcement (and an audit row) and queues a background job that writes
one portal delivery per partner and one queued email per person (key
`announcement:<id>:<person>`, so a re-run sends nothing twice). Optional mailings skip the unsubscribed and carry a signed one-click
unsubscribe link (no sign-in needed); briefings and announcements reach everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_countries import countries as all_countries

from partnercenter.audit.services import audit_record
from partnercenter.engagement import errors
from partnercenter.engagement.models import (
    Announcement,
    AnnouncementDelivery,
    AnnouncementKind,
    AnnouncementStatus,
    MailingOptOut,
)
from partnercenter.engagement.selectors import segment_partners, segment_people
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Person
from partnercenter.programs.selectors import edition_at

SUBJECT_MAX = 200
BODY_MAX = 50000
UNSUBSCRIBE_SALT = "partnercenter.engagement.unsubscribe"
DELIVER_CHUNK = 500
"""People per transaction when the background job delivers an announcement."""


@dataclass(frozen=True)
class Draft:
    """A checked announcement not yet sent: what, to whom, and how many it reaches."""

    kind: str
    subject: str
    body: str
    levels: list[str]
    profiles: list[str]
    countries: list[str]

    @property
    def optional(self) -> bool:
        return self.kind == AnnouncementKind.MAILING

    def recipients(self) -> tuple[int, int]:
        """(partners, people) the announcement would reach now."""
        seg = {"levels": self.levels, "profiles": self.profiles, "countries": self.countries}
        partners = segment_partners(**seg).count()
        people = segment_people(**seg, optional=self.optional).count()
        return partners, people


def _codes(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.split(",")
    return sorted({str(x).strip() for x in raw if str(x).strip()})


def announcement_check(
    *,
    kind: str,
    subject: str,
    body: str,
    levels: Any = None,
    profiles: Any = None,
    countries: Any = None,
    at: datetime | None = None,
) -> Draft:
    """Validate everything an announcement needs; the first problem is refused by field."""
    at = at or timezone.now()
    subject, body = (subject or "").strip(), (body or "").strip()
    if kind not in AnnouncementKind.values:
        raise errors.InvalidInput(
            f"Choose a kind: {', '.join(AnnouncementKind.values)}.", field="kind"
        )
    if not subject:
        raise errors.InvalidInput("Write a subject.", field="subject")
    if len(subject) > SUBJECT_MAX or "\n" in subject:
        raise errors.InvalidInput(
            f"The subject is one line of at most {SUBJECT_MAX} characters.", field="subject"
        )
    if not body:
        raise errors.InvalidInput("Write the message.", field="body")
    if len(body) > BODY_MAX:
        raise errors.InvalidInput(f"The message is at most {BODY_MAX} characters.", field="body")
    edition = edition_at(at.date())
    lv, pr, co = _codes(levels), _codes(profiles), [c.upper() for c in _codes(countries)]
    known = {
        "levels": {x.code for x in edition.levels},
        "profiles": {x.code for x in edition.profiles},
        "countries": set(dict(all_countries)),
    }
    for field, values in (("levels", lv), ("profiles", pr), ("countries", co)):
        unknown = [v for v in values if v not in known[field]]
        if unknown:
            what = field[:-1] if field != "countries" else "country"
            raise errors.InvalidInput(
                f"Unknown {what}: {', '.join(unknown)}. Choose from the list.", field=field
            )
    return Draft(kind=kind, subject=subject, body=body, levels=lv, profiles=pr, countries=co)


def unsubscribe_token(person: Person) -> str:
    """A signed token that unsubscribes this person from optional mailings (no expiry)."""
    return signing.dumps({"p": person.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: Person) -> str:
    return settings.PARTNERCENTER_SITE_URL + reverse(
        "mailing_unsubscribe", args=[unsubscribe_token(person)]
    )


def announcement_send(
    *, draft: Draft, staff: Any, key: str | None = None, at: datetime | None = None
) -> Announcement:
    """Record a checked draft as sending and queue the job that delivers it (after commit).

    The request itself delivers nothing, so a large segment does not hold it; the row says
    "sending to N partners" until `announcement_deliver` has run. `key` (the form's
    one-time key) makes a double submit return the first announcement.
    """
    at = at or timezone.now()
    seg = {"levels": draft.levels, "profiles": draft.profiles, "countries": draft.countries}
    key = (key or "")[:64] or None
    with transaction.atomic():
        if key and (sent := Announcement.objects.filter(key=key).first()) is not None:
            return sent
        partners = segment_partners(**seg).count()
        a = Announcement.objects.create(
            kind=draft.kind,
            subject=draft.subject,
            body=draft.body,
            staff=staff,
            sent_at=at,
            partners_count=partners,
            emails_count=0,
            status=AnnouncementStatus.SENDING,
            key=key,
            **seg,
        )
        audit_record(
            actor=staff,
            action="announcement.send",
            target=("announcement", a.pk, a.subject),
            details={"kind": a.kind, **seg, "partners": partners},
        )
        transaction.on_commit(lambda: _enqueue_deliver(a.pk))
    return a


def _enqueue_deliver(announcement_id: int) -> None:
    from partnercenter.engagement.tasks import announcement_deliver_job

    announcement_deliver_job.enqueue(announcement_id)


def announcement_deliver(*, announcement_id: int, chunk: int = DELIVER_CHUNK) -> Announcement:
    """Deliver a sending announcement: portal deliveries, one email per person, then sent.

    Idempotent: deliveries are unique per partner and each email's key is
    `announcement:<id>:<person>`, so a re-run (or a job that died halfway) sends nobody
    twice; an announcement already sent is left alone. People are done in chunks, each its
    own transaction, so the counts grow while a large segment is delivered.
    """
    a = Announcement.objects.get(pk=announcement_id)
    if a.status == AnnouncementStatus.SENT:
        return a
    seg = {"levels": a.levels, "profiles": a.profiles, "countries": a.countries}
    optional = a.kind == AnnouncementKind.MAILING
    partners = list(segment_partners(**seg))
    with transaction.atomic():
        AnnouncementDelivery.objects.bulk_create(
            [AnnouncementDelivery(announcement=a, partner=p) for p in partners],
            ignore_conflicts=True,
        )
    people = list(segment_people(**seg, optional=optional))
    for start in range(0, len(people), chunk):
        with transaction.atomic():
            for person in people[start : start + chunk]:
                message_queue(
                    kind="announcement",
                    to=person.email,
                    context={
                        "announcement": a,
                        "person": person,
                        "unsubscribe_url": unsubscribe_url(person) if optional else "",
                    },
                    key=f"announcement:{a.pk}:{person.pk}",
                    partner=person.partner,
                )
            Announcement.objects.filter(pk=a.pk).update(
                emails_count=min(len(people), start + chunk)
            )
    with transaction.atomic():
        a = Announcement.objects.select_for_update().get(pk=a.pk)
        if a.status == AnnouncementStatus.SENT:
            return a
        a.partners_count, a.emails_count = len(partners), len(people)
        a.status, a.delivered_at = AnnouncementStatus.SENT, timezone.now()
        a.save(update_fields=["partners_count", "emails_count", "status", "delivered_at"])
        audit_record(
            actor=None,
            action="announcement.delivered",
            target=("announcement", a.pk, a.subject),
            details={"partners": len(partners), "emails": len(people)},
        )
    return a


def unsubscribe_person(token: str) -> Person:
    """The person an unsubscribe token names (nothing is written); a forged or altered
    token is refused by name."""
    try:
        data = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
        return Person.objects.select_related("partner").get(pk=int(data["p"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Person.DoesNotExist):
        raise errors.BadToken(
            "This unsubscribe link is not valid. Copy the whole link from the email, "
            "or sign in and change it under Messages."
        ) from None


def mailing_unsubscribe(*, token: str, at: datetime | None = None) -> Person:
    """Confirmed from an optional mailing's link (or a mail client's one-click POST, RFC
    8058): no more optional mailings for this person.

    A forged or altered token is refused and nothing changes; a second time is harmless.
    """
    person = unsubscribe_person(token)
    MailingOptOut.objects.get_or_create(
        person=person, defaults={"at": at or timezone.now(), "via": "link"}
    )
    return person


def mailing_subscribe(*, person: Person, subscribed: bool, at: datetime | None = None) -> bool:
    """Set a person's optional mailings from the portal; returns the new state."""
    if subscribed:
        MailingOptOut.objects.filter(person=person).delete()
    else:
        MailingOptOut.objects.get_or_create(
            person=person, defaults={"at": at or timezone.now(), "via": "portal"}
        )
    return subscribed
