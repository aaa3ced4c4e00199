"""A terminated partner's people read through the API during the access period, never write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from partnercenter.partners.models import Partner
from partnercenter.submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_terminated_tokens_read_but_cannot_write(as_, world) -> None:
    Partner.objects.filter(pk=world.acme.pk).update(
        status="terminated", terminated_on=timezone.now().date() - timedelta(days=5)
    )
    admin = as_("acme_admin")
    assert admin.get("/partners/acme/standing").status_code == 200
    response = admin.post(
        "/partners/acme/submissions",
        {"activity": "case_study", "occurred_on": "2025-03-03", "description": "A case study",
         "evidence_url": "https://acme.test/case"},
        key="t1",
    )  # fmt: skip
    assert response.status_code == 403 and "ended" in response.json()["message"]
    assert not Submission.objects.exists()


def test_after_the_access_period_tokens_read_nothing(as_, world) -> None:
    Partner.objects.filter(pk=world.acme.pk).update(
        status="terminated", terminated_on=timezone.now().date() - timedelta(days=400)
    )
    response = as_("acme_admin").get("/partners/acme/standing")
    assert response.status_code == 403
    assert as_("globex_admin").get("/partners/globex/standing").status_code == 200
