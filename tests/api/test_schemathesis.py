"""schemathesis against /api/v1/openapi.json, authenticated as staff: no 5xx, no schema violations.

Each operation is fuzzed with generated inputs, half of them aimed at real rows
(the partner, a submission, a delivery, a review) so handlers run past the 404.
`SCHEMATHESIS_EXAMPLES` raises the example count (the slow variant uses more).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partnercenter.api import conf
from partnercenter.api.urls import api
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.contracts.services import contract_issue
from partnercenter.hooks.models import Delivery
from partnercenter.review.models import ReviewRun
from partnercenter.submissions.services import submission_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_keep_connection")]

OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in api.get_openapi_schema()["paths"].items()
    for method in item
)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def _keep_connection():
    """Like Django's test client: the test's transaction must survive the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _fuzz(world, monkeypatch, method: str, path: str, examples: int) -> None:
    monkeypatch.setattr(conf, "RATE", "100000/m")
    submission = submission_create(
        partner=world.acme,
        person=world.acme_admin,
        activity="case_study",
        occurred_on=date(2025, 2, 1),
        description="Pending",
        evidence_url="https://7xwebsites.com/x",
    )
    delivery = Delivery.objects.create(
        source="community",
        delivery_id="d1",
        event="forum.post_created",
        payload={},
        status="parked",
    )
    run = ReviewRun.objects.create(as_of=date(2025, 3, 1))
    applied = application_submit(
        company="Fuzz Co",
        country="DE",
        website="",
        profile="it",
        contact_name="Fay",
        contact_email="fay@fuzz.example",
        student=False,
        description="Fuzzing",
        accepts_terms=True,
    ).application
    assert applied is not None
    application_confirm(token=confirm_token(applied))
    if path.endswith("/contract.pdf"):  # a PDF to answer with, not only 404s
        contract_issue(partner=world.acme, kind="joining", on=date(2025, 3, 1))
    real = {
        "slug": "acme",
        "submission_id": submission.pk,
        "delivery_id": delivery.pk,
        "review_id": run.pk,
        "application_id": applied.pk,
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = schema[path][method]
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in real.items() if k in names}
    strategy = st.one_of(
        operation.as_strategy(path_parameters=fixed) if fixed else operation.as_strategy(),
        operation.as_strategy(),
    )
    headers = {"Authorization": f"Bearer {world.tokens['staff']}"}

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run_case(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run_case()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_conforms_to_its_schema(world, monkeypatch, settings, tmp_path, method, path):
    settings.MEDIA_ROOT = tmp_path
    _fuzz(world, monkeypatch, method, path, int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8")))


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_conforms_to_its_schema_at_length(
    world, monkeypatch, settings, tmp_path, method, path
):
    settings.MEDIA_ROOT = tmp_path
    _fuzz(world, monkeypatch, method, path, 100)
