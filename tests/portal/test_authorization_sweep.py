"""Every portal and back-office URL, tried by two partners' people in every role, and by staff.

Given partner A's objects (a submission with evidence, people, an invitation),
each actor of partner B (anonymous, member, partner admin) must get a refusal
or a page without A's data, and nothing of A may change. The sweep fails when a
new URL is added without an entry here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
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
from partnercenter.partners.models import Notice, Partner, Person, Role
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


def _urls(a: dict[str, Any]) -> dict[str, tuple[str, dict[str, str] | None]]:
    """name → (url, POST data or None for GET)."""
    sub, person, app = a["submission"].pk, a["person"].pk, a["application"].pk
    number, open_number = a["invoice"], a["open_invoice"]
    contract = a["contract"]
    c = contract.pk
    draft = a["edition_draft"]
    signing = {
        "full_name": "Eve",
        "title": "CEO",
        "accepted": "on",
        "document_sha256": contract.sha256,
    }
    return {
        "portal:dashboard": ("/portal/", None),
        "portal:login": ("/portal/login/", None),
        "portal:logout": ("/portal/logout/", {}),
        "portal:password_reset": ("/portal/password-reset/", None),
        "portal:invite": (
            f"/portal/invite/{a['token']}/",
            {"new_password1": "x", "new_password2": "y"},
        ),
        "portal:ledger": ("/portal/ledger/?export=csv", None),
        "portal:levels": ("/portal/levels/", None),
        "portal:plan": ("/portal/plan/", None),
        "portal:plan_choose": ("/portal/plan/choose/", {"plan": "silver"}),
        "portal:kick_off_buy": ("/portal/plan/kick-off-package/", {}),
        "portal:invoices": ("/portal/invoices/", None),
        "portal:invoice_pdf": (f"/portal/invoices/{number}.pdf", None),
        "portal:credit_note_pdf": (f"/portal/invoices/{number}/credit-note.pdf", None),
        "portal:invoice_pay": (f"/portal/invoices/{open_number}/pay/", {}),
        "portal:submissions": ("/portal/activities/", None),
        "portal:submission_new": ("/portal/activities/new/", None),
        "portal:submission": (f"/portal/activities/{sub}/", None),
        "portal:submission_withdraw": (f"/portal/activities/{sub}/withdraw/", {}),
        "portal:submission_evidence": (f"/portal/activities/{sub}/evidence/", None),
        "portal:team": ("/portal/team/", None),
        "portal:team_invite": (
            "/portal/team/invite/",
            {"name": "Eve", "email": "eve@x.example", "role": "admin"},
        ),
        "portal:team_role": (f"/portal/team/{person}/role/", {"role": "admin"}),
        "portal:team_invite_resend": (f"/portal/team/{a['invitee'].pk}/resend/", {}),
        "portal:team_invite_cancel": (f"/portal/team/{a['invitee'].pk}/cancel/", {}),
        "portal:profile": ("/portal/profile/", {"name": "Pwned", "website": "", "country": ""}),
        "portal:public_page": ("/portal/public-page/", None),
        "portal:membership": ("/portal/membership/", None),
        "portal:membership_notice": ("/portal/membership/notice/", {"confirm": "on"}),
        "portal:membership_document": (f"/portal/membership/documents/{a['document']}/", None),
        "portal:messages": ("/portal/messages/", None),
        "portal:contract": ("/portal/contract/", None),
        "portal:contract_renew": ("/portal/contract/renew/", {}),
        "portal:contract_sign": (f"/portal/contract/{c}/sign/", signing),
        "portal:contract_pdf": (f"/portal/contract/{c}/contract.pdf", None),
        "portal:contract_signed_pdf": (f"/portal/contract/{c}/signed.pdf", None),
        "portal:my_data": ("/portal/my-data/", None),
        "portal:leads": ("/portal/leads/", None),
        "portal:lead_act": (f"/portal/leads/{a['lead']}/accept/", {}),
        "backoffice:leads": ("/backoffice/leads/?status=offered", None),
        "backoffice:lead": (f"/backoffice/leads/{a['lead']}/", None),
        "backoffice:lead_share": (f"/backoffice/leads/{a['lead']}/share/", {"partner": "acme"}),
        "backoffice:lead_reroute": (f"/backoffice/leads/{a['lead']}/reroute/", {}),
        "portal:referrals": ("/portal/referrals/", None),
        "portal:referral": (f"/portal/referrals/{a['referral']}/", {"temperature": "cold"}),
        "portal:commissions": ("/portal/commissions/?month=2025-03", None),
        "portal:commission_statement_csv": ("/portal/commissions/statement-2025-03.csv", None),
        "portal:commission_statement_pdf": ("/portal/commissions/statement-2025-03.pdf", None),
        "portal:support": ("/portal/support/", None),
        "portal:ticket": (f"/portal/support/{a['ticket']}/", None),
        "portal:meetings": ("/portal/meetings/", None),
        "portal:meeting_book": ("/portal/meetings/book/", {"slot_id": str(a["slot"])}),
        "portal:meeting_cancel": (f"/portal/meetings/{a['meeting']}/cancel/", {}),
        "portal:meeting_ics": (f"/portal/meetings/{a['meeting']}.ics", None),
        "portal:events": ("/portal/events/", None),
        "portal:event_register": (
            f"/portal/events/{a['event']}/register/",
            {"person_id": str(person)},
        ),
        "portal:event_ics": (f"/portal/events/{a['event']}.ics", None),
        "portal:event_registration_cancel": (
            f"/portal/events/registrations/{a['registration']}/cancel/",
            {},
        ),
        "portal:certificates": ("/portal/certificates/", None),
        "portal:certificate_issue": (
            "/portal/certificates/issue/",
            {"subject": f"certification:{a['certification']}"},
        ),
        "backoffice:events": ("/backoffice/events/", None),
        "backoffice:event": (f"/backoffice/events/{a['event']}/", None),
        "backoffice:event_attendance": (
            f"/backoffice/events/{a['event']}/attendance/",
            {"person_id": str(person)},
        ),
        "backoffice:partner_certificates": ("/backoffice/partners/acme/certificates/", None),
        "backoffice:certificate_pdf": (
            f"/backoffice/partners/acme/certificates/{a['certificate']}.pdf",
            None,
        ),
        "backoffice:tickets": ("/backoffice/tickets/", None),
        "backoffice:ticket": (f"/backoffice/tickets/{a['ticket']}/", None),
        "backoffice:ticket_close": (f"/backoffice/tickets/{a['ticket']}/close/", {"invalid": "1"}),
        "backoffice:meeting_slots": ("/backoffice/meeting-slots/", None),
        "backoffice:meeting_mark": (
            f"/backoffice/meetings/{a['meeting']}/mark/",
            {"status": "held"},
        ),
        "backoffice:sla": ("/backoffice/sla/?export=csv", None),
        "backoffice:revenue_requirement": ("/backoffice/revenue-requirement/", None),
        "portal:roadmap": ("/portal/roadmap/", None),
        "portal:roadmap_vote": (f"/portal/roadmap/{a['roadmap']}/vote/", {}),
        "portal:services": ("/portal/services/", None),
        "portal:mailings": ("/portal/messages/mailings/", {"subscribed": "0"}),
        "backoffice:roadmap": ("/backoffice/roadmap/", None),
        "backoffice:roadmap_request": (f"/backoffice/roadmap/{a['roadmap']}/", None),
        "backoffice:service_requests": ("/backoffice/service-requests/?show=all", None),
        "backoffice:service_request": (
            f"/backoffice/service-requests/{a['service_request']}/",
            None,
        ),
        "backoffice:announcements": ("/backoffice/announcements/", None),
        "portal:my_data_download": ("/portal/my-data/download/", None),
        "portal:linked_accounts": ("/portal/linked-accounts/", None),
        "backoffice:dashboard": ("/backoffice/", None),
        "backoffice:commissions": ("/backoffice/commissions/", None),
        "backoffice:commission_payment": (
            "/backoffice/commissions/payment/",
            {"referral_code": "R-X", "reference": "x", "amount": "1", "paid_on": "2025-03-03"},
        ),
        "backoffice:commission_refund": (
            "/backoffice/commissions/refund/",
            {"payment_reference": "store:sweep", "reference": "x", "amount": "1"},
        ),
        "backoffice:commissions_approve": ("/backoffice/commissions/approve/", {"entry": "1"}),
        "backoffice:payout_batch_create": ("/backoffice/commissions/batches/", {}),
        "backoffice:payout_batch_csv": (f"/backoffice/commissions/batches/{a['batch']}.csv", None),
        "backoffice:payout_batch_paid": (f"/backoffice/commissions/batches/{a['batch']}/paid/", {}),
        "backoffice:queue": ("/backoffice/queue/", None),
        "backoffice:queue_bulk": ("/backoffice/queue/approve/", {"ids": str(sub)}),
        "backoffice:submission": (f"/backoffice/submissions/{sub}/", None),
        "backoffice:approve": (f"/backoffice/submissions/{sub}/approve/", {}),
        "backoffice:reject": (
            f"/backoffice/submissions/{sub}/reject/",
            {"reason_code": "duplicate"},
        ),
        "backoffice:evidence": (f"/backoffice/submissions/{sub}/evidence/", None),
        "backoffice:partners": ("/backoffice/partners/?export=csv", None),
        "backoffice:partner": ("/backoffice/partners/acme/", None),
        "backoffice:adjust": (
            "/backoffice/partners/acme/adjust/",
            {"points": "5", "reason": "x", "key": "k"},
        ),
        "backoffice:certify": (
            "/backoffice/partners/acme/certify/",
            {"person": str(person), "type": "sales", "earned_on": "2025-01-01"},
        ),
        "backoffice:certification_revoke": (
            "/backoffice/partners/acme/certifications/999999/revoke/",
            {"reason": "Sweep", "on": "2030-01-01"},
        ),
        "backoffice:notice": ("/backoffice/partners/acme/notice/", {"confirm": "on"}),
        "backoffice:notice_withdraw": ("/backoffice/partners/acme/notice/withdraw/", {}),
        "backoffice:terminate": (
            "/backoffice/partners/acme/terminate/",
            {"confirm": "on", "reason": "x"},
        ),
        "backoffice:logo_resolve": (f"/backoffice/logo-deadlines/{a['notice']}/resolve/", {}),
        "backoffice:scheduler": ("/backoffice/scheduler/", None),
        "backoffice:review": ("/backoffice/review/", None),
        "backoffice:review_start": ("/backoffice/review/run/", {"as_of": "2025-05-01"}),
        "backoffice:review_run": ("/backoffice/review/runs/999999/", None),
        "backoffice:invoices": ("/backoffice/invoices/?status=open", None),
        "backoffice:invoice": (f"/backoffice/invoices/{number}/", None),
        "backoffice:invoice_pdf": (f"/backoffice/invoices/{number}.pdf", None),
        "backoffice:credit_note_pdf": (f"/backoffice/invoices/{number}/credit-note.pdf", None),
        "backoffice:invoice_payment": (
            f"/backoffice/invoices/{open_number}/payment/",
            {"amount": "1000.00", "paid_on": "2025-03-06", "reference": "SWEEP"},
        ),
        "backoffice:invoice_void": (f"/backoffice/invoices/{open_number}/void/", {"reason": "x"}),
        "backoffice:exports": ("/backoffice/export/", None),
        "backoffice:applications": ("/backoffice/applications/", None),
        "backoffice:application": (f"/backoffice/applications/{app}/", None),
        "backoffice:application_approve": (f"/backoffice/applications/{app}/approve/", {}),
        "backoffice:application_reject": (
            f"/backoffice/applications/{app}/reject/",
            {"reason": "No."},
        ),
        "backoffice:ledger_export": ("/backoffice/export/ledger/?partner=acme", None),
        "backoffice:contracts": ("/backoffice/contracts/", None),
        "backoffice:contract": (f"/backoffice/contracts/{c}/", None),
        "backoffice:contract_countersign": (
            f"/backoffice/contracts/{c}/countersign/",
            {"full_name": "Eve"},
        ),
        "backoffice:contract_pdf": (f"/backoffice/contracts/{c}/contract.pdf", None),
        "backoffice:contract_signed_pdf": (f"/backoffice/contracts/{c}/signed.pdf", None),
        "backoffice:imports": ("/backoffice/import/", None),
        "backoffice:import_apply": (
            "/backoffice/import/apply/",
            {"sha256": "0" * 64, "kind": "partners"},
        ),
        "backoffice:import_example": ("/backoffice/import/examples/partners.csv", None),
        "backoffice:audit": ("/backoffice/audit/?export=csv", None),
        "backoffice:approvals": ("/backoffice/approvals/", None),
        "backoffice:approval_decide": ("/backoffice/approvals/999999/", {"decision": "approve"}),
        "backoffice:person_data": (f"/backoffice/partners/acme/people/{person}/data.json", None),
        "portal:appeals": ("/portal/appeals/", None),
        "portal:appeal_new": (
            f"/portal/appeals/new/?kind=submission&target={a['appealable']}",
            {"kind": "submission", "target": str(a["appealable"]), "reason": "Mine"},
        ),
        "portal:public_page_pending_logo": ("/portal/public-page/pending-logo.png", None),
        "backoffice:moderation": ("/backoffice/moderation/", None),
        "backoffice:moderation_revision": (f"/backoffice/moderation/{a['revision']}/", None),
        "backoffice:moderation_approve": (f"/backoffice/moderation/{a['revision']}/approve/", {}),
        "backoffice:moderation_reject": (
            f"/backoffice/moderation/{a['revision']}/reject/",
            {"reason": "x"},
        ),
        "backoffice:moderation_logo": (f"/backoffice/moderation/{a['revision']}/logo.png", None),
        "backoffice:moderation_live_logo": (
            f"/backoffice/moderation/{a['revision']}/live-logo.png",
            None,
        ),
        "backoffice:appeals": ("/backoffice/appeals/", None),
        "backoffice:appeal": (f"/backoffice/appeals/{a['appeal']}/", None),
        "backoffice:appeal_uphold": (
            f"/backoffice/appeals/{a['appeal']}/uphold/",
            {"uphold-points": "5", "uphold-answer": "x"},
        ),
        "backoffice:appeal_dismiss": (
            f"/backoffice/appeals/{a['appeal']}/dismiss/",
            {"dismiss-answer": "x"},
        ),
        "backoffice:person_links": (
            f"/backoffice/partners/acme/people/{person}/links/",
            {"provider": "community", "login": "intruder", "reason": "x"},
        ),
        "backoffice:person_unlink": (
            f"/backoffice/partners/acme/people/{person}/links/{a['link']}/unlink/",
            {"reason": "x"},
        ),
        "backoffice:person_erase": (
            f"/backoffice/partners/acme/people/{person}/erase/",
            {"reason": "x", "confirm": "on"},
        ),
        "backoffice:editions": ("/backoffice/editions/", None),
        "backoffice:edition_upload": ("/backoffice/editions/upload/", {}),
        "backoffice:edition_copy": ("/backoffice/editions/copy/", {}),
        "backoffice:edition_draft": (f"/backoffice/editions/drafts/{draft}/", None),
        "backoffice:edition_draft_publish": (
            f"/backoffice/editions/drafts/{draft}/publish/",
            {"effective_from": "2099-01-01"},
        ),
        "backoffice:edition_draft_contract": (
            f"/backoffice/editions/drafts/{draft}/contract.pdf",
            None,
        ),
        "backoffice:edition": ("/backoffice/editions/published/2025-01-01/", None),
    }


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_every_url_is_in_the_sweep(world: World, a_objects: dict[str, Any]) -> None:
    named = {f"portal:{n}" for n in _patterns("portal")} | {
        f"backoffice:{n}" for n in _patterns("backoffice")
    }

    assert named == set(_urls(a_objects))


def test_no_cross_partner_access(world: World, a_objects: dict[str, Any]) -> None:
    actors: dict[str, Client] = {"anonymous": Client()}
    for name in ("b_member", "b_admin"):
        client = Client()
        client.force_login(getattr(world, name).user)
        actors[name] = client
    before = _snapshot(world)
    leaks = []
    for name, (url, data) in _urls(a_objects).items():
        short = name.split(":")[1]
        for actor, client in actors.items():
            response = client.post(url, data) if data is not None else client.get(url)
            body = _body(response)
            token_bearer = actor == "anonymous" and short == "invite"  # the link is the credential
            if not token_bearer and (SECRET.encode() in body or b"Acme" in body):
                leaks.append((name, actor, response.status_code))
            guarded = short not in PUBLIC and short not in ("invite", "logout")
            if actor == "anonymous" and guarded:
                assert response.status_code == 302, (name, actor)
                assert "/portal/login/" in response["Location"], (name, actor)
            if actor != "anonymous" and name.startswith("backoffice:"):
                assert response.status_code == 403, (name, actor, response.status_code)
            if name in (
                "portal:submission",
                "portal:submission_evidence",
                "portal:submission_withdraw",
                "portal:membership_document",
                "portal:contract_pdf",
                "portal:contract_signed_pdf",
                "portal:lead_act",
                "portal:referral",
                "portal:ticket",
                "portal:meeting_ics",
                "portal:meeting_cancel",
                "portal:event_registration_cancel",
                "portal:event_register",
                "portal:certificate_issue",
            ):
                assert response.status_code in (302, 404), (name, actor)
            if name == "portal:contract_sign":  # members: admin-only (403); admins: not theirs
                assert response.status_code in (302, 403 if actor == "b_member" else 404)
            if actor == "b_admin" and name in (
                "portal:team_role",
                "portal:team_invite_resend",
                "portal:team_invite_cancel",
            ):
                assert response.status_code == 404
        if short == "logout":
            for actor in ("b_member", "b_admin"):
                actors[actor].force_login(getattr(world, actor).user)
    assert leaks == []
    assert _snapshot(world) == before


@pytest.mark.parametrize("actor", ["a_member", "a_admin", "staff"])
def test_roles_of_the_own_partner_and_staff(
    world: World, a_objects: dict[str, Any], actor: str
) -> None:
    client = Client()
    user = world.staff if actor == "staff" else getattr(world, actor).user
    client.force_login(user)
    admin_only = {
        "portal:team_invite",
        "portal:team_role",
        "portal:profile",
        "portal:public_page",
        "portal:public_page_pending_logo",
        "portal:appeal_new",
        "portal:plan_choose",
        "portal:kick_off_buy",
        "portal:invoice_pay",
    }
    for name, (url, data) in _urls(a_objects).items():
        short = name.split(":")[1]
        if short in PUBLIC or short in ("logout", "invite", "password_reset_confirm"):
            continue
        if data is not None:
            continue  # writes by the rightful roles are tested in the app's own tests
        response = client.get(url)
        if name.startswith("backoffice:"):
            expected = 403 if actor != "staff" else (404 if short == "review_run" else 200)
        elif actor == "staff" or name in admin_only and actor == "a_member":
            expected = 403
        else:
            expected = 200
        assert response.status_code == expected, (name, actor, response.status_code)
    if actor == "a_member":
        response = client.post("/portal/team/invite/", {"name": "E", "email": "e@x.example"})
        assert response.status_code == 403
        assert (
            client.post(f"/portal/team/{world.a_admin.pk}/role/", {"role": "member"}).status_code
            == 403
        )
        world.a_admin.refresh_from_db()
        assert world.a_admin.role == Role.ADMIN
