"""The API as a client uses it: tokens, standing, ledger, submissions, staff actions."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.ledger.models import Entry
from partnercenter.submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_me_names_the_user_person_partner_and_token(as_, world):
    body = as_("acme_member").get("/me").json()
    assert body["email"] == "max@acme.test"
    assert body["partner"]["slug"] == "acme"
    assert body["token"]["scopes"] == ["read", "write"]


def test_anonymous_gets_401_as_json(as_, world):
    response = as_(None).get("/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_standing_and_adjustment_then_entries(as_, world, settings):
    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 5000  # one approver may post this alone
    staff = as_("staff")
    posted = staff.post(
        "/partners/acme/adjustments",
        {"points": 3200, "reason": "Migration from the old system", "occurred_on": "2025-02-01"},
        key="adj-1",
    )
    assert posted.status_code == 201, posted.content
    standing = as_("acme_member").get("/partners/acme/standing", as_of="2025-03-01").json()
    assert standing["points"] == 3200
    assert standing["level"] == "starter"
    assert standing["next_level"] == "basic"
    page = as_("acme_admin").get("/partners/acme/entries", limit=1).json()
    assert [e["points"] for e in page["items"]] == [3200]
    assert page["next_cursor"] is None


def test_idempotency_key_replays_and_refuses_other_body(as_, world):
    staff = as_("staff")
    body = {"points": 10, "reason": "Goodwill"}
    first = staff.post("/partners/acme/adjustments", body, key="k1")
    again = staff.post("/partners/acme/adjustments", body, key="k1")
    assert (first.status_code, first.content) == (again.status_code, again.content)
    assert again["Idempotent-Replayed"] == "true"
    other = staff.post("/partners/acme/adjustments", {"points": 11, "reason": "Goodwill"}, key="k1")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert "k1" in other.json()["message"]
    assert Entry.objects.count() == 1


def test_submission_create_withdraw_and_staff_approve(as_, world):
    member = as_("acme_member")
    created = member.post(
        "/partners/acme/submissions",
        {
            "activity": "case_study",
            "occurred_on": "2025-02-10",
            "description": "Case study about ACME's intranet",
            "evidence_url": "https://7xwebsites.com/case/acme",
        },
        key="s1",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    approved = as_("staff").post(f"/submissions/{sid}/approve", {}, key="a1")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    again = member.post(f"/partners/acme/submissions/{sid}/withdraw")
    assert again.status_code == 409
    assert again.json()["code"] == "not_pending"


def test_business_refusal_is_4xx_naming_the_field(as_, world):
    response = as_("acme_member").post(
        "/partners/acme/submissions",
        {
            "activity": "forum_post",
            "occurred_on": "2025-02-10",
            "description": "x",
            "evidence_url": "https://example.com",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "activity"
    assert Submission.objects.count() == 0


def test_validation_error_names_the_field(as_, world):
    response = as_("staff").post("/partners/acme/adjustments", {"points": "many", "reason": "x"})
    assert response.status_code == 422
    assert response.json()["field"] == "payload.points" or "points" in response.json()["field"]


def test_read_token_cannot_post(as_, world):
    response = as_("acme_read").post(
        "/partners/acme/submissions",
        {"activity": "case_study", "occurred_on": str(date(2025, 2, 1)), "description": "x"},
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_edition_now_and_at_a_date(as_, world):
    body = as_("acme_member").get("/edition", on="2025-06-01").json()
    assert body["edition_id"] == "2025-01-01"
    assert body["hooks"]["store"]["order.paid"] == "revenue"


def test_review_job_and_whatif(as_, world, settings):
    staff = as_("staff")
    created = staff.post("/reviews", {"as_of": "2025-03-01", "dry_run": True})
    assert created.status_code == 202
    run = staff.get(f"/reviews/{created.json()['id']}").json()
    assert run["status"] in {"queued", "running", "done"}
    toml = (settings.BASE_DIR / "programs/exponential/2025-01-01.toml").read_bytes()
    toml = toml.replace(b"points = 3000", b"points = 0", 1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.client.post(
        "/api/v1/whatif",
        {"as_of": "2025-03-01", "edition": SimpleUploadedFile("next.toml", toml)},
        **staff.headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["total"] == 2


def test_whatif_with_a_broken_edition_names_the_problem(as_, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = as_("staff")
    response = staff.client.post(
        "/api/v1/whatif",
        {"as_of": "2025-03-01", "edition": SimpleUploadedFile("bad.toml", b"[program]\nid=1\n")},
        **staff.headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_edition"
    assert response.json()["field"]


def test_submission_with_an_evidence_file(as_, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    member = as_("acme_member")
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    response = member.client.post(
        "/api/v1/partners/acme/submissions/upload",
        {
            "activity": "case_study",
            "occurred_on": "2025-02-10",
            "description": "Case study, as a PDF",
            "evidence_file": SimpleUploadedFile("case.pdf", pdf, "application/pdf"),
        },
        **member.headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_evidence_file"] is True
    refused = member.client.post(
        "/api/v1/partners/acme/submissions/upload",
        {
            "activity": "case_study",
            "occurred_on": "2025-02-10",
            "description": "Not a PDF",
            "evidence_file": SimpleUploadedFile("case.pdf", b"MZ\x90\x00", "application/pdf"),
        },
        **member.headers,
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "evidence_file"
