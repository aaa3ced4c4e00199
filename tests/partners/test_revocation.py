"""Issue 8, defect 1: history cannot be rewritten; a certification is revoked, never deleted.

Deleting a certification in the admin changed a partner's next level and the answer
of `explain --as-of` for a past date. Now the admin is read-only for everything the
review reads, the database refuses the delete, and a revocation counts from its day on.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.errors import AlreadyRevoked, RevocationInvalid
from partnercenter.partners.models import (
    Certification,
    CertificationRevocation,
    Notice,
    Partner,
    Person,
)
from partnercenter.partners.services import certification_record, certification_revoke
from partnercenter.review.models import ReviewRun, TierDecision
from partnercenter.review.selectors import partner_standing
from partnercenter.review.services import review_run
from tests.submissions.factories import with_roles

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.now().date()


@pytest.fixture
def silver(make_partner):  # type: ignore[no-untyped-def]
    """A partner at Silver: 20,000+ points and one profile and one sales certification."""
    acme = make_partner("acme")
    ada = Person.objects.create(partner=acme, name="Ada", email="ada@acme.test")
    earned = _today() - timedelta(days=60)
    entry_post(
        partner=acme,
        activity="project",
        points=20000,
        occurred_at=datetime.combine(earned, datetime.min.time(), tzinfo=UTC),
        source=Source.REPORTED,
        reason="Customer project",
        idempotency_key="p1",
    )
    certification_record(person=ada, type="developer", earned_on=earned)
    sales = certification_record(person=ada, type="sales", earned_on=earned).certification
    return acme, sales


@pytest.fixture
def staff_user(db) -> User:  # type: ignore[no-untyped-def]
    return with_roles(
        User.objects.create_user("staff@7x.test", "staff@7x.test", None, is_staff=True)
    )


@pytest.fixture
def admin_client(db) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@7x.test", None))
    return client


def _explain(slug: str, day: date) -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command("explain", slug, "--as-of", day.isoformat(), "--json", "--with-late", stdout=out)
    return json.loads(out.getvalue())


def test_a_later_revocation_leaves_a_past_answer_alone(silver, staff_user) -> None:
    # given a Silver partner and what explain said about a past day
    acme, sales = silver
    past = _today() - timedelta(days=10)
    before = _explain("acme", past)
    assert before["level"] == "silver"
    # when the sales certification is revoked today
    certification_revoke(certification=sales, on=_today(), reason="Expired", user=staff_user)
    # then the past day's answer is unchanged, and the level drops only from today on
    assert _explain("acme", past) == before
    yesterday = _today() - timedelta(days=1)
    assert partner_standing(acme, yesterday).decision.level == "silver"
    assert partner_standing(acme, _today()).decision.level == "professional"
    assert review_run(as_of=yesterday).down == 0
    assert review_run(as_of=_today()).down == 1
    assert TierDecision.objects.get(partner=acme, as_of=_today()).level == "professional"


def test_a_revocation_from_a_later_day_counts_from_that_day(silver, staff_user) -> None:
    acme, sales = silver
    later = _today() + timedelta(days=5)
    certification_revoke(certification=sales, on=later, reason="Expires", user=staff_user)
    assert partner_standing(acme, later - timedelta(days=1)).decision.level == "silver"
    assert partner_standing(acme, later).decision.level == "professional"


def test_an_expiry_keeps_the_points_a_fraud_reverses_them(silver, staff_user) -> None:
    acme, sales = silver
    points = sum(Entry.objects.filter(partner=acme).values_list("points", flat=True))
    kept = certification_revoke(certification=sales, on=_today(), reason="Lapsed", user=staff_user)
    assert kept.reversal is None and kept.revocation.reversed_points is False
    assert sum(Entry.objects.filter(partner=acme).values_list("points", flat=True)) == points
    developer = Certification.objects.get(partner=acme, type="developer")
    fraud = certification_revoke(
        certification=developer, on=_today(), reason="Fraud", user=staff_user, reverse_points=True
    )
    assert fraud.reversal is not None and fraud.reversal.points == -1000
    assert fraud.revocation.reversed_points is True
    assert sum(Entry.objects.filter(partner=acme).values_list("points", flat=True)) == points - 1000
    from partnercenter.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action="certification.revoke").order_by("id")
    assert [(e.details["reason"], e.details["reversed_points"]) for e in events] == [
        ("Lapsed", False),
        ("Fraud", True),
    ]


@pytest.mark.parametrize(
    ("on_delta", "reason", "error", "field"),
    [
        (0, "  ", RevocationInvalid, "reason"),
        (-1, "Backdated", RevocationInvalid, "on"),
    ],
)
def test_bad_revocations_are_refused_and_change_nothing(
    silver, staff_user, on_delta, reason, error, field
) -> None:
    _, sales = silver
    entries = Entry.objects.count()
    with pytest.raises(error) as refused:
        certification_revoke(
            certification=sales,
            on=_today() + timedelta(days=on_delta),
            reason=reason,
            user=staff_user,
            reverse_points=True,
        )
    assert refused.value.field == field
    assert CertificationRevocation.objects.count() == 0 and Entry.objects.count() == entries


def test_revoking_twice_is_refused(silver, staff_user) -> None:
    _, sales = silver
    certification_revoke(certification=sales, on=_today(), reason="Expired", user=staff_user)
    with pytest.raises(AlreadyRevoked):
        certification_revoke(certification=sales, on=_today(), reason="Again", user=staff_user)
    assert CertificationRevocation.objects.count() == 1


def test_the_database_refuses_to_delete_or_edit_history(silver, staff_user) -> None:
    _, sales = silver
    revocation = certification_revoke(
        certification=sales, on=_today(), reason="Expired", user=staff_user
    ).revocation
    for attempt in (
        lambda: Certification.objects.filter(pk=sales.pk).delete(),
        lambda: Certification.objects.filter(pk=sales.pk).update(expires_on=date(2030, 1, 1)),
        lambda: CertificationRevocation.objects.filter(pk=revocation.pk).delete(),
        lambda: CertificationRevocation.objects.filter(pk=revocation.pk).update(reason="x"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert Certification.objects.filter(pk=sales.pk, expires_on=None).exists()


HISTORY = [Certification, CertificationRevocation, Notice, TierDecision, ReviewRun, Entry]


@pytest.mark.parametrize("model", HISTORY, ids=lambda m: m.__name__)
def test_the_admin_cannot_add_change_or_delete_history(silver, admin_client, model) -> None:
    # given a row of history (a revocation and a review give every model one)
    acme, sales = silver
    certification_revoke(certification=sales, on=_today(), reason="Expired", user=None)
    review_run(as_of=_today(), run=ReviewRun.objects.create(as_of=_today()))
    Notice.objects.create(partner=acme, kind="logo", message="Change the logo.")
    row = model.objects.first()
    assert row is not None
    meta = model._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[row.pk])
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    count = model.objects.count()
    # when the admin tries to edit, delete or add one
    # then it may look, but every write is refused and nothing changes
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(add).status_code == 403
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    bulk = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302, 403)
    assert model.objects.count() == count


def test_the_admin_shows_a_partners_level_but_cannot_change_or_delete_it(
    silver, admin_client
) -> None:
    acme, _ = silver
    review_run(as_of=_today())
    acme.refresh_from_db()
    level = acme.current_level
    url = reverse("admin:partners_partner_change", args=[acme.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="current_level"' not in page.content
    assert b'name="plan_paid_until"' not in page.content
    delete = reverse("admin:partners_partner_delete", args=[acme.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Partner.objects.get(pk=acme.pk).current_level == level


def test_staff_revoke_from_the_partner_page(silver, staff_user) -> None:
    # given staff on a Silver partner's page
    acme, sales = silver
    client = Client()
    client.force_login(staff_user)
    page = client.get(reverse("backoffice:partner", args=["acme"]))
    assert b"Revoke the certification" in page.content
    url = reverse("backoffice:certification_revoke", args=["acme", sales.pk])
    # when they revoke without a reason, it is refused naming the field and changes nothing
    refused = client.post(url, {"on": _today().isoformat(), "reason": ""})
    assert refused.status_code == 400 and b"This field is required" in refused.content
    backdated = client.post(url, {"on": "2020-01-01", "reason": "Backdated"})
    assert backdated.status_code == 400 and b"change answers already given" in backdated.content
    assert not CertificationRevocation.objects.exists()
    # when they give a reason, the revocation is recorded with who did it
    done = client.post(url, {"on": _today().isoformat(), "reason": "Expired"})
    assert done.status_code == 302
    revocation = CertificationRevocation.objects.get()
    assert (revocation.certification, revocation.by, revocation.reason) == (
        sales,
        staff_user,
        "Expired",
    )
    assert b"revoked from" in client.get(reverse("backoffice:partner", args=["acme"])).content


def test_staff_revoke_through_the_api(silver, staff_user) -> None:
    from partnercenter.api.services import token_create

    acme, sales = silver
    secret = token_create(user=staff_user, name="s", scopes=["write"], expires_at=None)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/certifications/{sales.pk}/revoke"
    body = {"on": _today().isoformat(), "reason": "Fraud", "reverse_points": True}
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["reversed_points"] is True
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    missing = client.post("/api/v1/certifications/999999/revoke", body, "application/json")
    assert missing.status_code == 404
    huge = client.post(f"/api/v1/certifications/{2**63}/revoke", body, "application/json")
    assert huge.status_code == 422
    assert CertificationRevocation.objects.count() == 1
    member = Person.objects.get(partner=acme)
    member.user = User.objects.create_user("ada@acme.test", "ada@acme.test", None)
    member.save()
    theirs = token_create(user=member.user, name="a", scopes=["write"], expires_at=None)[1]
    developer = Certification.objects.get(partner=acme, type="developer")
    forbidden = Client(HTTP_AUTHORIZATION=f"Bearer {theirs}").post(
        f"/api/v1/certifications/{developer.pk}/revoke", body, "application/json"
    )
    assert forbidden.status_code == 403
    assert CertificationRevocation.objects.count() == 1
