"""POST /applications (anonymous, throttled, idempotent) and the staff list, approve and reject."""

from __future__ import annotations

import pytest
from django.test import Client

from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.applications.services import application_confirm, confirm_token
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.applications.conftest import fields

pytestmark = pytest.mark.django_db


def _post(body, key=None, addr="10.1.1.1", **headers):
    extra = dict(headers, REMOTE_ADDR=addr)
    if key:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post("/api/v1/applications", body, content_type="application/json", **extra)


def _state():
    return (
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        Partner.objects.count(),
        Message.objects.count(),
    )


def _confirmed(**overrides) -> Application:
    response = _post(fields(**overrides), addr="10.9.9.9")
    assert response.status_code == 201, response.content
    return application_confirm(
        token=confirm_token(Application.objects.get(pk=response.json()["id"]))
    ).application


def test_anyone_may_apply(world):
    response = _post(fields())

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] == "unconfirmed"
    application = Application.objects.get(pk=body["id"])
    assert application.submitted_ip == "10.1.1.1"
    assert Message.objects.filter(kind="application_confirm", to_email=application.contact_email)


@pytest.mark.parametrize(
    ("override", "status", "code", "field"),
    [
        ({"country": "ZZ"}, 422, "invalid", "country"),  # the schema lists the ISO codes
        ({"profile": "plumbing"}, 400, "unknown_profile", "profile"),
        ({"contact_email": "nobody"}, 400, "invalid_email", "contact_email"),
        ({"accepts_terms": False}, 400, "terms_not_accepted", "accepts_terms"),
        ({"company": ""}, 400, "invalid", "company"),
        ({"description": "x" * 2001}, 422, "invalid", "description"),
        ({"accepts_terms": "maybe"}, 422, "invalid", "accepts_terms"),
        ({"company": None}, 422, "invalid", "company"),
    ],
)
def test_bad_input_is_refused_by_field(world, override, status, code, field):
    before = _state()

    response = _post(fields(**override))

    assert response.status_code == status, response.content
    body = response.json()
    # Schema refusals (422) name the field as the other operations do: "payload.<field>".
    assert body["code"] == code and body["field"].removeprefix("payload.") == field
    assert body["message"]
    assert _state() == before


def test_a_missing_field_is_422(world):
    body = fields()
    del body["country"]

    response = _post(body)

    assert response.status_code == 422 and response.json()["field"] == "payload.country"
    assert Application.objects.count() == 0


def test_the_same_idempotency_key_replays_without_a_second_application(world):
    first = _post(fields(), key="apply-1")
    again = _post(fields(), key="apply-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1
    other = _post(fields(company="Other"), key="apply-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    # The key belongs to the address: another address using it is a new request.
    elsewhere = _post(fields(), key="apply-1", addr="10.2.2.2")
    assert elsewhere.status_code == 201 and elsewhere.json()["id"] != first.json()["id"]


def test_one_address_is_throttled(world, settings):
    settings.PARTNERCENTER_APPLICATIONS_PER_HOUR = 2
    for n in range(2):
        assert _post(fields(company=f"C{n}")).status_code == 201
    before = _state()

    refused = _post(fields(company="C3"), key="k3")

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert _state() == before
    assert _post(fields(company="C4"), addr="10.3.3.3").status_code == 201


def test_a_token_is_not_needed_but_a_bad_one_does_not_matter_either(world):
    response = _post(fields(), HTTP_AUTHORIZATION="Bearer pc_nonsense")

    assert response.status_code == 201


@pytest.mark.parametrize("who", [None, "acme_admin", "acme_member"])
def test_the_staff_operations_are_for_staff(world, as_, who):
    a = _confirmed()
    client = as_(who)
    before = _state()

    listed = client.get("/applications")
    approved = client.post(f"/applications/{a.pk}/approve")
    rejected = client.post(f"/applications/{a.pk}/reject", {"reason": "No"})

    expected = 401 if who is None else 403
    assert (listed.status_code, approved.status_code, rejected.status_code) == (expected,) * 3
    assert _state() == before


def test_staff_list_only_confirmed_applications(world, as_):
    a = _confirmed()
    _post(fields(company="Not yet", contact_email="n@not-yet.test"))

    body = as_("staff").get("/applications").json()

    assert [i["id"] for i in body["items"]] == [a.pk] and body["next_cursor"] is None
    assert as_("staff").get("/applications", status="unconfirmed").json()["items"] == []
    assert as_("staff").get("/applications", status="approved").json()["items"] == []


def test_approve_answers_the_new_partners_slug(world, as_):
    a = _confirmed(company="Brand New Co")

    response = as_("staff").post(f"/applications/{a.pk}/approve", key="approve-1")

    assert response.status_code == 200
    assert response.json() == {"id": a.pk, "status": "approved", "partner": "brand-new-co"}
    assert Partner.objects.get(slug="brand-new-co").status == "applicant"
    replay = as_("staff").post(f"/applications/{a.pk}/approve", key="approve-1")
    assert replay.json() == response.json() and replay["Idempotent-Replayed"] == "true"
    twice = as_("staff").post(f"/applications/{a.pk}/approve")
    assert twice.status_code == 409 and twice.json()["code"] == "already_decided"


def test_reject_needs_a_reason(world, as_):
    a = _confirmed()
    before = _state()

    empty = as_("staff").post(f"/applications/{a.pk}/reject", {"reason": " "})
    missing = as_("staff").post(f"/applications/{a.pk}/reject", {})

    assert (empty.status_code, empty.json()["code"], empty.json()["field"]) == (
        400,
        "reason_required",
        "reason",
    )
    assert missing.status_code == 422
    assert _state() == before
    done = as_("staff").post(f"/applications/{a.pk}/reject", {"reason": "Out of scope."})
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    assert Message.objects.filter(kind="application_rejected").count() == 1


def test_deciding_an_unconfirmed_or_unknown_application_is_refused(world, as_):
    unconfirmed = _post(fields()).json()["id"]
    before = _state()

    not_yet = as_("staff").post(f"/applications/{unconfirmed}/approve")
    unknown = as_("staff").post("/applications/999999/approve")

    assert (not_yet.status_code, not_yet.json()["code"]) == (409, "not_confirmed")
    assert unknown.status_code == 404
    assert _state() == before
    assert Application.objects.get(pk=unconfirmed).status == ApplicationStatus.UNCONFIRMED
