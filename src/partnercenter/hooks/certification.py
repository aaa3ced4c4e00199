"""The certification system's deliveries: a person earned a certification (`/hooks/certification`).

Signed like community and store (`X-Certification-Signature: t=…,v1=…` over
`"<timestamp>.<body>"`). Body: `{id, type: "certification.earned", email,
certification, earned_on, expires_on}` — the event id makes retries no-ops, the
email names the person, `certification` is a type code of the edition. An unknown
email is parked until a person with it appears; an unknown type or a bad date fails
the delivery with the field and the reason in the inbox (replay it after a fix).
"""

from __future__ import annotations

from collections.abc import Mapping

from partnercenter.hooks import conf
from partnercenter.hooks.handlers import DeliveryRefused, Outcome
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.signing import verify_timestamped
from partnercenter.hooks.sources import Incoming, _json_object, _text

EARNED = "certification.earned"
"""The one event that records a certification; any other type is kept as ignored."""


def parse_certification(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """`X-Certification-Signature: t=…,v1=…`; body `{id, type, email, certification, …}`."""
    verify_timestamped(
        headers.get("X-Certification-Signature"),
        body,
        conf.secret_for("certification"),
        conf.TOLERANCE_SECONDS,
        now,
    )
    data = _json_object(body)
    return Incoming(
        delivery_id=_text(data, "id"),
        event=_text(data, "type"),
        actor=_text(data, "email", required=False).strip().lower(),
        payload=data,
    )


def handle_certification(delivery: Delivery) -> Outcome:
    """Record the certification for the person with the delivery's email, its points once."""
    from partnercenter.certifications.errors import CertificationRefused
    from partnercenter.certifications.services import certification_report

    if delivery.event != EARNED:
        return Outcome(
            DeliveryStatus.IGNORED, note=f"Event type {delivery.event!r} records nothing."
        )
    payload = delivery.payload
    if not delivery.actor:
        raise DeliveryRefused("email: the certified person's email is required.")
    try:
        reported = certification_report(
            email=delivery.actor,
            type=payload.get("certification"),
            earned_on=payload.get("earned_on"),
            expires_on=payload.get("expires_on"),
        )
    except CertificationRefused as exc:
        raise DeliveryRefused(f"{exc.field}: {exc.message}") from exc
    if reported.person is None:
        return Outcome(
            DeliveryStatus.PARKED, note=f"No partner person has the email {delivery.actor!r}."
        )
    note = "" if reported.created else "Already recorded; nothing changed."
    return Outcome(
        DeliveryStatus.PROCESSED,
        entries=int(reported.points > 0),
        person=reported.person,
        note=note,
    )
