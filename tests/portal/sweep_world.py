"""The authorization sweep's world: objects of partner A behind every URL, and a snapshot of
what any request could change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from partnercenter.applications.models import Application
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.billing.models import Invoice
from partnercenter.billing.services import billing_run, invoice_void, plan_choose
from partnercenter.certificates.models import Certificate
from partnercenter.certificates.services import certificate_for_certification
from partnercenter.contracts.models import Contract, Countersignature
from partnercenter.contracts.services import contract_issue, contract_sign
from partnercenter.documents.services import document_store
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.services import draft_copy_current
from partnercenter.engagement.models import MailingOptOut, RoadmapRequest, ServiceRequest
from partnercenter.entitlements.models import Meeting, MeetingSlot, Ticket, TicketMessage
from partnercenter.events.models import Attendance, EventKind, Registration
from partnercenter.events.services import EventFields, event_create, registration_create
from partnercenter.leads.models import Lead
from partnercenter.leads.services import lead_create
from partnercenter.ledger.models import Entry
from partnercenter.linkedaccounts.models import LinkedAccount
from partnercenter.partners.models import Notice, Partner, Person
from partnercenter.partners.services import certification_record
from partnercenter.portal.services import person_invite
from partnercenter.programs.models import ProgramEdition
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_create
from tests.linkedaccounts.factories import link
from tests.submissions.factories import PDF, World

SECRET = "Zanzibar secret project"

PUBLIC = {
    "login",
    "password_reset",
}
"""Pages anyone may open (they show no partner data)."""


def _patterns(namespace: str) -> list[str]:
    resolver = get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver) and p.namespace == namespace:
            return [q.name for q in p.url_patterns if isinstance(q, URLPattern) and q.name]
    raise AssertionError(namespace)


def _snapshot(world: World) -> Any:
    world.a.refresh_from_db()
    return (
        world.a.name,
        list(Submission.objects.filter(partner=world.a).values_list("pk", "status")),
        list(Person.objects.filter(partner=world.a).values_list("pk", "role", "user_id")),
        Entry.objects.filter(partner=world.a).count(),
        list(Application.objects.values_list("pk", "status")),
        (world.a.status, world.a.ends_on),
        list(Notice.objects.filter(partner=world.a).values_list("pk", "resolved_at")),
        list(Invoice.objects.filter(partner=world.a).values_list("number", "status")),
        world.a.plan,
        Contract.objects.filter(partner=world.a).count(),
        Countersignature.objects.count(),
        list(Lead.objects.values_list("pk", "status", "partner_id")),
        _commissions_snapshot(world),
        list(Ticket.objects.values_list("pk", "status", "first_response_at")),
        TicketMessage.objects.count(),
        list(Meeting.objects.values_list("pk", "status")),
        MeetingSlot.objects.count(),
        _moderation_appeals_snapshot(),
        list(EditionDraft.objects.values_list("pk", "source", "edition_id")),
        list(ProgramEdition.objects.values_list("edition_id", "sha256")),
        _engagement_snapshot(world),
        list(LinkedAccount.objects.values_list("pk", "person_id", "provider", "login")),
        list(Registration.objects.values_list("pk", "cancelled_at")),
        Attendance.objects.count(),
        Certificate.objects.count(),
    )


def _moderation_appeals_snapshot() -> Any:
    from partnercenter.appeals.models import Appeal
    from partnercenter.directory.models import Listing, ListingRevision

    return (
        list(Appeal.objects.values_list("pk", "status", "ledger_entry_id")),
        list(ListingRevision.objects.values_list("pk", "status")),
        list(Listing.objects.values_list("pk", "description", "logo_sha")),
    )


def _moderation_appeal_objects(world: World) -> dict[str, Any]:
    """A's live page with a logo, a pending change with a new logo, an appealed rejection."""
    import io

    from PIL import Image

    from partnercenter.appeals.services import appeal_file
    from partnercenter.directory.services import listing_propose, listing_update
    from partnercenter.submissions.services import submission_reject

    def png(colour: tuple[int, int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (32, 32), colour).save(out, format="PNG")
        return out.getvalue()

    listing_update(partner=world.a, description=SECRET, services=[], logo=png((1, 2, 3)))
    revision = listing_propose(
        partner=world.a, person=world.a_admin, description="New", services=[], logo=png((4, 5, 6))
    ).revision
    assert revision is not None
    rejected = submission_reject(
        submission=submission_create(
            partner=world.a,
            person=world.a_admin,
            activity="article",
            occurred_on=date(2025, 3, 4),
            description=SECRET,
            evidence_url="https://acme.example/a",
        ),
        staff_user=world.staff,
        reason_code="duplicate",
    )
    appealable = submission_reject(
        submission=submission_create(
            partner=world.a,
            person=world.a_admin,
            activity="article",
            occurred_on=date(2025, 3, 5),
            description=SECRET,
            evidence_url="https://acme.example/b",
        ),
        staff_user=world.staff,
        reason_code="duplicate",
    )
    appeal = appeal_file(person=world.a_admin, kind="submission", target_id=rejected.pk, reason="r")
    return {"revision": revision.pk, "appeal": appeal.pk, "appealable": appealable.pk}


def _engagement_snapshot(world: World) -> Any:
    """A's roadmap requests, service requests and its people's mailing choice (votes by
    other partners are their right, so they are not part of A's state)."""
    return (
        list(RoadmapRequest.objects.filter(partner=world.a).values_list("pk", "status", "title")),
        list(ServiceRequest.objects.filter(partner=world.a).values_list("pk", "status", "note")),
        MailingOptOut.objects.filter(person__partner=world.a).count(),
    )


def _engagement_objects(world: World) -> dict[str, Any]:
    """A roadmap request (its title is public to partners) and a service request of A."""
    now = timezone.now()
    roadmap = RoadmapRequest.objects.create(
        partner=world.a,
        person=world.a_member,
        plan="gold",
        title="Bulk import",
        description="Public wish.",
        created_at=now,
    )
    service = ServiceRequest.objects.create(
        partner=world.a,
        person=world.a_member,
        benefit="co_marketing",
        level="gold",
        message=SECRET,
        created_at=now,
        updated_at=now,
    )
    return {"roadmap": roadmap.pk, "service_request": service.pk}


def _commissions_snapshot(world: World) -> Any:
    from partnercenter.commissions.models import CommissionEntry, CommissionStatus, Referral

    return (
        list(Referral.objects.values_list("pk", "partner_id", "status", "temperature")),
        CommissionEntry.objects.count(),
        CommissionStatus.objects.count(),
    )


def _commission_objects(world: World) -> dict[str, Any]:
    """A referral of A with a paid, approved commission in a payout batch (for the sweep)."""
    from datetime import UTC, datetime

    from partnercenter.commissions.payouts import commissions_approve, payout_batch_create
    from partnercenter.commissions.services import referral_payment_record, referral_register

    referral = referral_register(
        partner=world.a, company=SECRET, contact_name="Jo", contact_email="jo@secret.example"
    )
    paid = referral_payment_record(
        referral=referral, key="sweep", gross_cents=10_000, paid_at=datetime(2025, 3, 3, tzinfo=UTC)
    )
    assert paid.entry is not None
    commissions_approve(entry_ids=[paid.entry.pk], staff_user=world.staff)
    return {"referral": referral.pk, "batch": payout_batch_create(staff_user=world.staff).pk}


@pytest.fixture
def a_objects(world: World) -> dict[str, Any]:
    sub = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description=SECRET,
        evidence_file=SimpleUploadedFile("x.pdf", PDF),
    )
    invitation = person_invite(admin=world.a_admin, name="Ivy", email="ivy@acme.example")
    applied = application_submit(
        company="Applicant Ltd",
        country="DE",
        website="",
        profile="it",
        contact_name="Ann",
        contact_email="ann@applicant.example",
        student=False,
        description="We apply.",
        accepts_terms=True,
    ).application
    assert applied is not None
    application_confirm(token=confirm_token(applied))
    notice = Notice.objects.create(
        partner=world.a, kind="logo", message=SECRET, due_on=date(2025, 1, 1)
    )
    document = document_store(
        partner=world.a, kind="statement", title=SECRET, filename="s.pdf", pdf=PDF
    )
    invoice = plan_choose(partner=world.a, plan="silver", on=date(2025, 3, 3)).invoice
    assert invoice is not None
    invoice_void(invoice=invoice, reason="Sweep", user=None, on=date(2025, 3, 4))
    billing_run(as_of=date(2025, 4, 3))  # the next period's invoice stays open
    contract = contract_issue(partner=world.a, kind="joining", on=date(2025, 3, 3))
    contract_sign(
        contract=contract,
        person=world.a_admin,
        full_name="Ada",
        title="CEO",
        accepted=True,
        ip="",
        user_agent="",
        shown_sha256=contract.sha256,
    )
    Partner.objects.filter(pk=world.a.pk).update(current_level="gold")
    lead = lead_create(
        need=SECRET,
        profile="it",
        country="DE",
        contact_name="Cy",
        contact_email="cy@customer.example",
        consent=True,
    )
    assert lead is not None and lead.partner_id == world.a.pk
    ticket = Ticket.objects.create(
        partner=world.a,
        person=world.a_member,
        subject=SECRET,
        body=SECRET,
        opened_at=timezone.now(),
        plan="silver",
        queue="sla",
        response_due_at=timezone.now() + timedelta(hours=12),
    )
    slot = MeetingSlot.objects.create(
        staff=world.staff, starts_at=timezone.now() + timedelta(days=3), duration_minutes=30
    )
    meeting = Meeting.objects.create(
        slot=slot,
        partner=world.a,
        person=world.a_member,
        plan="silver",
        booked_at=timezone.now(),
    )
    start = timezone.now().date() + timedelta(days=5)
    event = event_create(
        staff=world.staff,
        fields=EventFields(
            title="Sweep meeting",
            kind=EventKind.PARTNER_MEETING,
            starts_on=start,
            ends_on=start,
            capacity=9,
            place="Berlin",
        ),
    )
    registration = registration_create(
        by=world.a_admin, event_id=event.pk, person_id=world.a_member.pk
    )
    certification = certification_record(
        person=world.a_member, type="developer", earned_on=date(2025, 1, 10)
    ).certification
    certificate = certificate_for_certification(certification=certification)
    return {
        "event": event.pk,
        "registration": registration.pk,
        "certification": certification.pk,
        "certificate": certificate.document.code,
        "lead": lead.pk,
        "ticket": ticket.pk,
        "meeting": meeting.pk,
        "slot": slot.pk,
        "submission": sub,
        "token": invitation.token,
        "invitee": invitation.person,
        "person": world.a_member,
        "link": link(world.a_member, github="acme-octo").linked_accounts.get().pk,
        "application": applied,
        "notice": notice.pk,
        "document": document.code,
        "invoice": invoice.number,
        "open_invoice": Invoice.objects.get(partner=world.a, status="open").number,
        "contract": contract,
        "edition_draft": draft_copy_current(actor=world.staff, today=timezone.now().date()).pk,
        **_commission_objects(world),
        **_moderation_appeal_objects(world),
        **_engagement_objects(world),
    }
