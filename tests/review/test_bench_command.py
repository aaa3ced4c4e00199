"""`partnercenter bench review` at a tiny size: it runs and prints its fixed JSON keys.

A smoke test of the command (seed, warm-up, three timed runs, one-partner
re-tiers), not a measurement: figures at scale are in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXED = {"b_over_a", "c_retier_one_ms_median", "peak_rss_mib"}
RUNS = {"a_bare_aggregate_s", "b_full_review_s", "a_runs_s", "b_runs_s"}


@pytest.mark.slow
def test_bench_review_prints_the_fixed_keys(tmp_path: Path) -> None:
    # Given a fresh place for the bench database (SQLite; or the configured PostgreSQL)
    env = {**os.environ, "PARTNERCENTER_VAR_DIR": str(tmp_path)}
    # When the bench runs at a tiny size
    done = subprocess.run(
        [sys.executable, "-m", "partnercenter", "bench", "review", "--partners=40", "--entries=400"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # Then it prints one JSON object last with the fixed keys and three timed runs of each
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout[done.stdout.index("{") :])
    assert figures.keys() >= FIXED | RUNS
    assert len(figures["a_runs_s"]) == len(figures["b_runs_s"]) == 3
    assert figures["b_full_review_s"] == sorted(figures["b_runs_s"])[1]
    assert figures["partners"] == 40 and figures["groups_in_window"] <= 40


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--partners=0"], "--partners"),
        (["--partners=10", "--entries=5"], "--entries"),
        (["--threads=0"], "--threads"),
    ],
)
def test_bench_review_refuses_bad_sizes_by_name(arguments: list[str], named: str) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=named):
        call_command("bench", "review", *arguments)
