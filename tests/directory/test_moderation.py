"""Moderation: a partner's edit waits for staff; the directory reads only approved content."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from partnercenter.audit.models import AuditEvent
from partnercenter.directory import selectors
from partnercenter.directory.errors import ReasonRequired, RevisionNotPending
from partnercenter.directory.models import Listing, ListingRevision
from partnercenter.directory.services import (
    case_studies_parse,
    listing_propose,
    listing_revision_approve,
    listing_revision_reject,
    listing_update,
)
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Role
from tests.directory.factories import leveled
from tests.submissions.factories import make_person, make_staff

pytestmark = pytest.mark.django_db


def png(colour: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def acme(edition: Any, make_partner: Any) -> Any:
    partner = leveled(make_partner, "acme", "gold", name="Acme")
    make_person(partner, "ada@acme.example", Role.ADMIN)
    listing_update(partner=partner, description="Old words", services=["Intranets"], logo=png())
    return partner


def _propose(partner: Any, **kw: Any) -> Any:
    admin = partner.people.get(email="ada@acme.example")
    kw.setdefault("description", "New words")
    kw.setdefault("services", ["Portals"])
    return listing_propose(partner=partner, person=admin, **kw)


def test_edit_waits_and_the_public_page_keeps_the_approved_version(acme: Any) -> None:
    # given a partner with approved content, when its admin proposes new words
    result = _propose(acme, case_studies=case_studies_parse("City portal\nA portal for a city."))
    # then nothing public changes
    client = Client()
    page = client.get("/partners/acme/").content.decode()
    assert "Old words" in page and "New words" not in page
    assert "New words" not in client.get("/partners/?q=new").content.decode()
    assert result.revision.status == "pending"
    assert selectors.pending_revision(acme) == result.revision


def test_approval_publishes_and_invalidates_the_directory_cache(
    acme: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    assert "Old words" in client.get("/partners/").content.decode()  # cached now
    revision = _propose(
        acme, case_studies=case_studies_parse("City portal\nA portal for a city.")
    ).revision
    staff = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        listing_revision_approve(revision=revision, staff_user=staff)
    assert "New words" in client.get("/partners/").content.decode()
    page = client.get("/partners/acme/").content.decode()
    assert "New words" in page and "City portal" in page and "A portal for a city." in page
    listing = Listing.objects.get(partner=acme)
    assert listing.approved_by == staff and listing.search_text.startswith("acme new words")
    assert AuditEvent.objects.filter(action="listing.approve", target_id="acme").exists()
    assert Message.objects.filter(kind="listing_approved", to_email="ada@acme.example").exists()


def test_a_new_logo_stays_pending_until_approved(acme: Any) -> None:
    live_sha = Listing.objects.get(partner=acme).logo_sha
    revision = _propose(acme, logo=png((200, 0, 0))).revision
    assert revision.logo_change == "replace" and revision.logo_sha != live_sha
    assert selectors.logo_of("acme")[1] == live_sha  # type: ignore[index]
    # saving other words again keeps the waiting logo
    again = _propose(acme, description="Newer words").revision
    assert again.logo_sha == revision.logo_sha
    assert ListingRevision.objects.get(pk=revision.pk).status == "superseded"
    listing_revision_approve(revision=again, staff_user=make_staff())
    assert selectors.logo_of("acme")[1] == again.logo_sha  # type: ignore[index]


def test_rejection_mails_the_reason_and_the_portal_shows_it(acme: Any) -> None:
    revision = _propose(acme).revision
    listing_revision_reject(revision=revision, staff_user=make_staff(), reason="No prices, please.")
    mail = Message.objects.get(kind="listing_rejected", to_email="ada@acme.example")
    assert "No prices, please." in mail.body_text
    assert Listing.objects.get(partner=acme).description == "Old words"
    assert AuditEvent.objects.filter(action="listing.reject").count() == 1
    client = Client()
    client.force_login(acme.people.get(email="ada@acme.example").user)
    body = client.get("/portal/public-page/").content.decode()
    assert "was not approved" in body and "No prices, please." in body


def test_portal_says_waiting_for_review(acme: Any) -> None:
    client = Client()
    client.force_login(acme.people.get(email="ada@acme.example").user)
    response = client.post(
        "/portal/public-page/",
        {"description": "Fresh", "services": "A", "case_studies": "T\nText"},
        follow=True,
    )
    body = response.content.decode()
    assert "Sent for review" in body and "Waiting for review" in body
    assert Listing.objects.get(partner=acme).description == "Old words"


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_deciding_twice_is_refused_and_changes_nothing(acme: Any, decision: str) -> None:
    revision = _propose(acme).revision
    staff = make_staff()
    listing_revision_approve(revision=revision, staff_user=staff)
    before = (Listing.objects.get(partner=acme).approved_at, AuditEvent.objects.count())
    with pytest.raises(RevisionNotPending) as caught:
        if decision == "approve":
            listing_revision_approve(revision=revision, staff_user=staff)
        else:
            listing_revision_reject(revision=revision, staff_user=staff, reason="x")
    assert caught.value.field == "revision" and "already approved" in caught.value.message
    assert (Listing.objects.get(partner=acme).approved_at, AuditEvent.objects.count()) == before


def test_reject_without_a_reason_is_refused(acme: Any) -> None:
    revision = _propose(acme).revision
    with pytest.raises(ReasonRequired) as caught:
        listing_revision_reject(revision=revision, staff_user=make_staff(), reason="  ")
    assert caught.value.field == "reason"
    assert ListingRevision.objects.get(pk=revision.pk).status == "pending"


def test_one_pending_revision_per_partner(acme: Any) -> None:
    _propose(acme)
    _propose(acme, description="Second")
    assert ListingRevision.objects.filter(partner=acme, status="pending").count() == 1


def test_saving_the_live_content_withdraws_the_pending_change(acme: Any) -> None:
    _propose(acme)
    result = _propose(acme, description="Old words", services=["Intranets"])
    assert result.revision is None and result.replaced == 1
    assert selectors.pending_revision(acme) is None


def test_backoffice_queue_side_by_side_and_decisions(acme: Any) -> None:
    revision = _propose(acme, logo=png((0, 200, 0))).revision
    staff = make_staff()
    client = Client()
    client.force_login(staff)
    assert "Acme" in client.get("/backoffice/moderation/").content.decode()
    body = client.get(f"/backoffice/moderation/{revision.pk}/").content.decode()
    assert "Old words" in body and "New words" in body and "Proposed logo" in body
    assert client.get(f"/backoffice/moderation/{revision.pk}/logo.png")["Content-Type"] == (
        "image/png"
    )
    # an empty reason is refused on the field
    response = client.post(f"/backoffice/moderation/{revision.pk}/reject/", {"reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert client.post(f"/backoffice/moderation/{revision.pk}/approve/").status_code == 302
    response = client.post(f"/backoffice/moderation/{revision.pk}/approve/")
    assert response.status_code == 409 and "already approved" in response.content.decode()
    assert Listing.objects.get(partner=acme).description == "New words"


def test_partners_cannot_open_the_moderation_queue(acme: Any) -> None:
    client = Client()
    client.force_login(acme.people.get(email="ada@acme.example").user)
    assert client.get("/backoffice/moderation/").status_code == 403


def test_the_migration_treats_existing_content_as_approved(acme: Any) -> None:
    import importlib

    from django.apps import apps

    Listing.objects.filter(partner=acme).update(approved_at=None)
    migration = importlib.import_module(
        "partnercenter.directory.migrations.0003_live_content_approved"
    )
    migration.approve_existing(apps, None)
    listing = Listing.objects.get(partner=acme)
    assert listing.approved_at == listing.updated_at
