"""Demo applications: one waiting for its email confirmation, two in the staff queue.

One of the queued ones shares its email domain with the demo partner
`northwind-digital` and is flagged as a possible duplicate. Idempotent: the
demo contacts' emails mark what was already added.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from partnercenter.applications.models import Application
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)

DEMO: list[dict[str, Any]] = [
    {
        "company": "Orchard Web Agency",
        "country": "NL",
        "website": "https://orchard-web.example",
        "profile": "creative",
        "contact_name": "Olivia Orchard",
        "contact_email": "olivia@orchard-web.example",
        "student": False,
        "description": "A small agency building multilingual sites for cultural institutions.",
        "confirm": False,
        "days_ago": 1,
    },
    {
        "company": "Northwind Digital Services",
        "country": "DE",
        "website": "https://services.northwind-digital.example",
        "profile": "it",
        "contact_name": "Nils Nordwind",
        "contact_email": "nils@northwind-digital.example",
        "student": False,
        "description": "The services branch of Northwind Digital, applying on its own.",
        "confirm": True,
        "days_ago": 6,
    },
    {
        "company": "Lakeside Hosting",
        "country": "SE",
        "website": "https://lakeside-hosting.example",
        "profile": "hosting",
        "contact_name": "Lars Lind",
        "contact_email": "lars@lakeside-hosting.example",
        "student": False,
        "description": "Managed hosting for Exponential sites in the Nordics, 40 customers today.",
        "confirm": True,
        "days_ago": 3,
    },
]


@transaction.atomic
def demo_applications(*, today: date) -> None:
    """Add the three demo applications once (a second run changes nothing)."""
    for row in DEMO:
        if Application.objects.filter(contact_email=row["contact_email"]).exists():
            continue
        fields = {k: v for k, v in row.items() if k not in ("confirm", "days_ago")}
        result = application_submit(**fields, accepts_terms=True)
        application = result.application
        assert application is not None
        if row["confirm"]:
            application_confirm(token=confirm_token(application))
        sent = datetime.combine(today - timedelta(days=int(row["days_ago"])), time(9), tzinfo=UTC)
        Application.objects.filter(pk=application.pk).update(
            created_at=sent,
            confirmed_at=sent + timedelta(hours=1) if row["confirm"] else None,
        )
