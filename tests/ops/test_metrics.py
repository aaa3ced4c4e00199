"""`/metrics`: who may read it, our counters, and adding up across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from partnercenter.ops import metrics

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _value(text: str, prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_local_scraper_reads_requests_queue_and_our_counters():
    Client().get("/healthz")
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "django_http_requests_total_by_method_total" in text
    assert "partnercenter_queue_oldest_age_seconds 0.0" in text
    assert "partnercenter_review_duration_seconds_bucket" in text


def test_metrics_are_closed_to_other_addresses():
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("header", "status"), [("Bearer s3cret-metrics", 200), ("Bearer wrong", 403), ("", 403)]
)
def test_with_a_token_set_only_the_token_opens_metrics(settings, header, status):
    settings.PARTNERCENTER_METRICS_TOKEN = "s3cret-metrics"
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics", **extra).status_code == status


def test_staff_may_read_metrics_from_anywhere(django_user_model):
    staff = django_user_model.objects.create_user("ops", "ops@7x.example", "pw", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(staff)
    assert client.get("/metrics").status_code == 200


def test_jobs_and_review_durations_are_counted():
    before = _value(
        metrics.exposition().decode(),
        'partnercenter_jobs_total{status="successful",task="review_job"}',
    )
    metrics.job_finished(
        task_path="partnercenter.review.tasks.review_job", status="SUCCESSFUL", seconds=42.0
    )
    text = metrics.exposition().decode()
    assert (
        _value(text, 'partnercenter_jobs_total{status="successful",task="review_job"}')
        == before + 1
    )
    assert 'partnercenter_review_duration_seconds_bucket{le="60.0"}' in text


def test_webhook_deliveries_are_counted(monkeypatch):
    from tests.hooks.conftest import community_delivery

    prefix = 'partnercenter_webhook_deliveries_total{duplicate="false",source="community"}'
    before = _value(metrics.exposition().decode(), prefix)
    body, headers = community_delivery()
    assert (
        Client()
        .post("/hooks/community", body, content_type="application/json", **headers)
        .status_code
        == 202
    )
    assert _value(metrics.exposition().decode(), prefix) == before + 1


def test_counters_of_several_processes_add_up_in_multiprocess_mode(tmp_path):
    # given two processes that each count a delivery into one PROMETHEUS_MULTIPROC_DIR
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "partnercenter.settings",
        "PARTNERCENTER_VAR_DIR": str(tmp_path / "var"),
    }
    count = (
        "import django; django.setup(); from partnercenter.ops.metrics import deliveries_received;"
        " deliveries_received(source='store', duplicate=False)"
    )
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=60)
    # when a third process (a gunicorn worker answering /metrics) collects
    collect = (
        "import django; django.setup(); from prometheus_client import CollectorRegistry, "
        "generate_latest, multiprocess; r = CollectorRegistry(); "
        "multiprocess.MultiProcessCollector(r); print(generate_latest(r).decode())"
    )
    out = subprocess.run(
        [sys.executable, "-c", collect],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    # then it reports both
    assert (
        _value(out, 'partnercenter_webhook_deliveries_total{duplicate="false",source="store"}')
        == 2.0
    )
