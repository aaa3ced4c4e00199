"""Demo: one appeal waiting for staff and one public page change waiting for moderation.

Both come from Northwind Digital's partner admin (the demo login), so the portal shows
"Waiting for review" and an open appeal, and the back office has one item in each queue.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from partnercenter.appeals.models import Appeal
from partnercenter.appeals.services import appeal_file
from partnercenter.directory.selectors import listing_of, pending_revision
from partnercenter.directory.services import listing_propose
from partnercenter.partners.demo import DEMO_ADMIN_EMAIL, STAFF_EMAIL
from partnercenter.partners.models import Partner, Person
from partnercenter.submissions.models import Status, Submission
from partnercenter.submissions.services import submission_create, submission_reject

SLUG = "northwind-digital"


def demo_appeals(*, today: date) -> None:
    """Add the pending appeal and the pending moderation once (idempotent)."""
    partner = Partner.objects.filter(slug=SLUG).first()
    admin = Person.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    staff = get_user_model().objects.filter(username=STAFF_EMAIL).first()
    if partner is None or admin is None or staff is None:
        return  # the demo population is not loaded
    if not Appeal.objects.filter(partner=partner).exists():
        rejected = (
            Submission.objects.filter(partner=partner, status=Status.REJECTED)
            .order_by("id")
            .first()
        )
        if rejected is None:
            pending = submission_create(
                partner=partner,
                person=admin,
                activity="article",
                occurred_on=today - timedelta(days=40),
                description="Article: Exponential 7 for public-sector intranets",
                evidence_url=f"https://{SLUG}.example/blog/public-sector-intranets",
            )
            rejected = submission_reject(
                submission=pending,
                staff_user=staff,
                reason_code="insufficient_evidence",
                text="The link needs a sign-in; we could not read the article.",
            )
        appeal_file(
            person=admin,
            kind="submission",
            target_id=rejected.pk,
            reason="The article is public now (the paywall was removed); please read it again.",
        )
    if pending_revision(partner) is None:
        live = listing_of(partner)
        listing_propose(
            partner=partner,
            person=admin,
            description=(
                "Northwind Digital builds intranets and newsroom platforms on Exponential "
                "for media houses and public bodies across the Nordics."
            ),
            services=list(live.services) if live else ["Intranets", "Newsrooms"],
            case_studies=[
                {
                    "title": "Fjordline Ferries intranet",
                    "text": "A relaunch for 2,400 staff on ships and ashore, live in 12 weeks.",
                }
            ],
        )
