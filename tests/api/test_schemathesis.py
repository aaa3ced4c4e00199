"""schemathesis against /api/v1/openapi.json, authenticated as staff, with every check.

Every registered check runs (the CLI's `--checks all`): no 5xx, responses and status
codes as documented, schema-valid requests accepted and schema-invalid ones refused.
Each operation is fuzzed with valid and invalid inputs, half of them aimed at real
rows (the partner, a submission, a delivery, a review) so handlers run past the 404;
the seed is fixed (`derandomize`). `SCHEMATHESIS_EXAMPLES` raises the example count
of the fast variant; the slow one runs at least 100 examples per operation and mode.
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
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks, positive_data_acceptance

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
load_all_checks()


def _business_rule(response) -> bool:
    """A 400 with a named code and a field: a rule of the program that no schema can state
    (a profile code of the edition in force, the text an "other" rejection needs, the
    content of an uploaded edition). A request the schema refuses is a 422, never a 400."""
    if response.status_code != 400:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return bool(body.get("code")) and bool(body.get("field"))


def positive_data_acceptance_of_the_schema(ctx, response, case):
    """`positive_data_acceptance`, except a business-rule refusal of schema-valid data."""
    if _business_rule(response):
        return None
    return positive_data_acceptance(ctx, response, case)


ALL_CHECKS = [
    positive_data_acceptance_of_the_schema if check is positive_data_acceptance else check
    for check in CHECKS.get_all()
]
"""Every check schemathesis knows (as `--checks all`)."""
RAN: dict[tuple[str, str], int] = {}
"""Cases run per operation (the slow variant prints the total)."""


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
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        if fixed:
            strategies.append(operation.as_strategy(path_parameters=fixed, generation_mode=mode))
        strategies.append(operation.as_strategy(generation_mode=mode))
    strategy = st.one_of(*strategies)
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
        RAN[(method, path)] = RAN.get((method, path), 0) + 1
        case.call_and_validate(headers=headers, checks=ALL_CHECKS)

    run_case()
    print(f"schemathesis: {method} {path}: {RAN.get((method, path), 0)} cases")


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
