"""What each sender sends: how to verify it and read its delivery id, event type and actor.

Parsing happens before anything is stored; a delivery that fails here is
refused with a 4xx and leaves only a log line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from partnercenter.hooks import conf
from partnercenter.hooks.signing import verify_github, verify_timestamped

MAX_ID_LENGTH = 150
"""Delivery and order ids longer than this are refused (they end up inside 200-char keys)."""


class BadDelivery(Exception):
    """A signed delivery whose content is not what the source promises (400)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code = "bad_delivery"
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Incoming:
    """A verified delivery, ready for the inbox."""

    delivery_id: str
    event: str
    actor: str
    payload: dict[str, Any]


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadDelivery("The body is not JSON.") from None
    if not isinstance(data, dict):
        raise BadDelivery("The body must be a JSON object.")
    return data


def _text(data: Mapping[str, Any], key: str, *, required: bool = True, path: str = "") -> str:
    value = data.get(key)
    name = f"{path}{key}"
    if value is None or value == "":
        if required:
            raise BadDelivery(f"{name} is required.", field=name)
        return ""
    if not isinstance(value, str):
        raise BadDelivery(f"{name} must be a string.", field=name)
    if len(value) > MAX_ID_LENGTH and key in {"id", "order_id"}:
        raise BadDelivery(f"{name} is longer than {MAX_ID_LENGTH} characters.", field=name)
    return value


def parse_community(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """`X-Community-Signature: t=…,v1=…`; body `{id, type, username, occurred_at, url, title}`."""
    verify_timestamped(
        headers.get("X-Community-Signature"),
        body,
        conf.secret_for("community"),
        conf.TOLERANCE_SECONDS,
        now,
    )
    data = _json_object(body)
    return Incoming(
        delivery_id=_text(data, "id"),
        event=_text(data, "type"),
        actor=_text(data, "username").strip().lower(),
        payload=data,
    )


def parse_store(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """`X-Store-Signature: t=…,v1=…`; body `{id, type, data: {order_id, …}}`."""
    verify_timestamped(
        headers.get("X-Store-Signature"),
        body,
        conf.secret_for("store"),
        conf.TOLERANCE_SECONDS,
        now,
    )
    data = _json_object(body)
    inner = data.get("data")
    if not isinstance(inner, dict):
        raise BadDelivery("data must be an object.", field="data")
    if data.get("type") == "invoice.paid":  # a partner paid its own invoice (billing)
        _text(inner, "invoice_number", path="data.")
    else:
        _text(inner, "order_id", path="data.")
    return Incoming(
        delivery_id=_text(data, "id"),
        event=_text(data, "type"),
        actor=_text(inner, "buyer_email", required=False, path="data.").strip().lower(),
        payload=data,
    )


def parse_github(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """GitHub's own format: `X-GitHub-Event`, `X-GitHub-Delivery`, `X-Hub-Signature-256`."""
    verify_github(headers.get("X-Hub-Signature-256"), body, conf.secret_for("github"))
    data = _json_object(body)
    delivery_id = headers.get("X-GitHub-Delivery", "")
    event = headers.get("X-GitHub-Event", "")
    if not delivery_id or len(delivery_id) > MAX_ID_LENGTH:
        raise BadDelivery("X-GitHub-Delivery is required.", field="X-GitHub-Delivery")
    if not event:
        raise BadDelivery("X-GitHub-Event is required.", field="X-GitHub-Event")
    action = data.get("action")
    if isinstance(action, str) and action:
        event = f"{event}.{action}"
    actor = ""
    issue = data.get("issue")
    if isinstance(issue, dict) and isinstance(issue.get("user"), dict):
        actor = str(issue["user"].get("login") or "")
    elif isinstance(data.get("sender"), dict):
        actor = str(data["sender"].get("login") or "")
    return Incoming(delivery_id=delivery_id, event=event, actor=actor.lower(), payload=data)


def parse_stripe(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """Stripe's own format, checked by Stripe's library (see `hooks.billing`)."""
    from partnercenter.hooks.billing import parse_stripe as parse

    return parse(headers, body, now)


def parse_certification(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """The certification system's format (see `hooks.certification`)."""
    from partnercenter.hooks.certification import parse_certification as parse

    return parse(headers, body, now)


PARSERS: dict[str, Callable[[Mapping[str, str], bytes, float | None], Incoming]] = {
    "certification": parse_certification,
    "community": parse_community,
    "github": parse_github,
    "store": parse_store,
    "stripe": parse_stripe,
}
"""The senders we accept deliveries from, by the `<source>` of `/hooks/<source>`."""
