"""`partnercenter bench pages` at a tiny size prints the fixed JSON keys.

It migrates a fresh database, collects static files and starts gunicorn (about a
minute on the shared machine), so it runs only with PARTNERCENTER_BENCH_TESTS=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("PARTNERCENTER_BENCH_TESTS"),
    reason="starts gunicorn on a fresh bench database; set PARTNERCENTER_BENCH_TESTS=1",
)


def test_bench_pages_prints_the_fixed_keys() -> None:
    # when the bench runs at a tiny size
    done = subprocess.run(
        [sys.executable, "-m", "partnercenter", "bench", "pages"]
        + ["--partners=20", "--entries=400", "--sample=2", "--seconds=0.3", "--clients=2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    # then the last thing printed is the JSON of the fixed interface, every page answered
    result = json.loads(done.stdout[done.stdout.rindex("\n{") :])
    assert result["hello_per_s"] > 0
    for name in (
        "portal_dashboard",
        "portal_ledger",
        "backoffice_partners",
        "backoffice_dashboard",
    ):
        page = result["pages"][name]
        assert set(page) >= {"per_s", "p50_ms", "p95_ms", "ratio_to_hello"}
        assert page["per_s"] > 0 and page["failed"] == 0, page
