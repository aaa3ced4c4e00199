"""`partnercenter program check | evaluate | diff`, as a user runs them (no database needed).

A few tests run the real console script in a subprocess (exit codes, stderr, no traceback);
the rest call the command in-process, which is faster and shows the same output.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnercenter.programs.management.commands.program import SUBCOMMANDS, usd_to_cents

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "programs" / "exponential" / "2025-01-01.toml"


def _cli() -> list[str]:
    """The installed `partnercenter` script beside this Python, else `python -m partnercenter`."""
    script = Path(sys.executable).with_name("partnercenter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "partnercenter"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnercenter.settings"}
    return subprocess.run(
        [*_cli(), "program", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def call(*args: str | Path) -> tuple[int, str, str]:
    """Run the command in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("program", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def _copy(
    tmp_path: Path, text: str, *replacements: tuple[str, str], name: str = "new.toml"
) -> Path:
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ subprocess


def test_check_ok() -> None:
    result = run("check", SHIPPED)

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{SHIPPED}: OK — edition 2025-01-01, 7 levels, 21 activities, 8 plans\n"
    )
    assert result.stderr == ""


def test_check_broken_file(tmp_path: Path, shipped_text: str) -> None:
    path = _copy(
        tmp_path,
        shipped_text,
        ("points = 50000\n", "points = 15000\n"),
        ('name = "Basic"\n', 'name = "Basic"\nrequirments = 1\n'),
        name="broken.toml",
    )

    result = run("check", path)

    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{path}: levels[2].requirments: is not a known field" in lines
    assert any(
        line.startswith(f"{path}: levels[5].requirements.points: is 15000") for line in lines
    )
    assert len(lines) == 2


def test_evaluate_text_at_silver_boundary() -> None:
    result = run(
        "evaluate", SHIPPED, "--points", "19999", "--profile-certs", "1", "--sales-certs", "1"
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Level: Professional (Qualified partners); member by points path" in lines
    assert "Next level: Silver (Qualified partners)" in lines
    assert [line.split() for line in lines if line.startswith("  ")] == [
        ["requirement", "needed", "has", "met"],
        ["Points", "in", "the", "window", "20,000", "19,999", "no"],
        ["Profile", "certifications", "1", "1", "yes"],
        ["Sales", "certifications", "1", "1", "yes"],
    ]
    assert lines[-1] == "Missing: 1 more point for Silver"


def test_evaluate_json_at_gold_boundary() -> None:
    result = run(
        "evaluate",
        SHIPPED,
        "--points",
        "50000",
        "--revenue",
        "14999.99",
        "--profile-certs",
        "2",
        "--sales-certs",
        "2",
        "--json",
    )

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["level"] == "silver"
    assert data["level_name"] == "Silver"
    assert data["next_level"] == "gold"
    assert data["missing"] == [{"kind": "revenue_cents", "needed": 1_500_000, "has": 1_499_999}]
    assert data["facts"]["revenue_cents"] == 1_499_999
    assert data["missing_sentence"] == "USD 0.01 more revenue for Gold"


def test_evaluate_bad_revenue_names_the_option() -> None:
    result = run("evaluate", SHIPPED, "--revenue", "lots")

    assert result.returncode == 2
    assert "argument --revenue: 'lots' is not an amount in USD" in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_with_a_modified_copy(tmp_path: Path, shipped_text: str) -> None:
    new = _copy(
        tmp_path,
        shipped_text,
        ("points = 50000\n", "points = 40000\n"),
        ("tickets = 10\n", "tickets = 12\n"),
    )

    result = run("diff", SHIPPED, new)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Level Gold: points in the window 50,000 → 40,000",
        "Plan Gold Partner Plan: tickets 10 → 12",
    ]


# ------------------------------------------------------------- in-process


def test_check_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[program\n", encoding="utf-8")
    missing = tmp_path / "missing.toml"

    status, out, err = call("check", SHIPPED, bad, missing)

    assert status == 2
    assert out.startswith(f"{SHIPPED}: OK")
    lines = err.splitlines()
    assert lines[0].startswith(f"{bad}: (file): is not valid TOML")
    assert lines[1].startswith(f"{missing}: (file): cannot be read")
    assert len(lines) == 2


def test_diff_identical_files() -> None:
    assert call("diff", SHIPPED, SHIPPED) == (0, "No differences.\n", "")


def test_diff_with_a_broken_file(tmp_path: Path, shipped_text: str) -> None:
    broken = _copy(tmp_path, shipped_text, ("starter = 5\n", "bronze = 5\n"))

    status, out, err = call("diff", SHIPPED, broken)

    assert status == 2
    assert out == ""
    assert err == f"{broken}: lead_priority.bronze: names an unknown level 'bronze'\n"


def test_evaluate_broken_file(tmp_path: Path, shipped_text: str) -> None:
    broken = _copy(
        tmp_path,
        shipped_text,
        (
            'tracking = "monitored"\n\n[[activities]]\ncode = "premium_project"',
            'tracking = "magic"\n\n[[activities]]\ncode = "premium_project"',
        ),
    )

    status, out, err = call("evaluate", broken, "--points", "10")

    assert status == 2
    assert out == ""
    assert err.startswith(f"{broken}: activities[0].tracking: must be one of")


@pytest.mark.parametrize(
    ("args", "level", "next_level"),
    [
        (["--points", "2999"], None, "starter"),
        (["--points", "3000"], "starter", "basic"),
        (["--points", "4999"], "basic", "professional"),
        (["--points", "5000"], "professional", "silver"),
        (["--points", "20000", "--profile-certs", "1"], "professional", "silver"),
        (["--points", "20000", "--profile-certs", "1", "--sales-certs", "1"], "silver", "gold"),
        (
            [
                "--points",
                "199999",
                "--revenue",
                "60000",
                "--profile-certs",
                "3",
                "--sales-certs",
                "3",
            ],
            "gold",
            "platinum",
        ),
        (
            [
                "--points",
                "200,000",
                "--revenue",
                "$60,000",
                "--profile-certs",
                "3",
                "--sales-certs",
                "3",
            ],
            "platinum",
            None,
        ),
        (["--student"], "student", "starter"),
    ],
)
def test_evaluate_json_levels(args: list[str], level: str | None, next_level: str | None) -> None:
    status, out, err = call("evaluate", SHIPPED, "--json", *args)

    assert (status, err) == (0, "")
    data = json.loads(out)
    assert (data["level"], data["next_level"]) == (level, next_level)


def test_evaluate_text_without_a_level() -> None:
    status, out, _ = call("evaluate", SHIPPED)

    assert status == 0
    assert "Level: none" in out.splitlines()
    assert out.splitlines()[-1] == "Missing: 3,000 more points for Starter"


def test_evaluate_text_at_the_top() -> None:
    status, out, _ = call(
        "evaluate",
        SHIPPED,
        "--points",
        "250000",
        "--revenue",
        "75000.50",
        "--profile-certs",
        "4",
        "--sales-certs",
        "3",
        "--paid-plan",
    )

    assert status == 0
    lines = out.splitlines()
    assert "Level: Platinum (Expert partners); member by paid plan" in lines
    assert (
        "Facts: 250,000 points, USD 75,000.50 revenue, 4 profile and 3 sales certifications, paid plan"
        in lines
    )
    assert "Next level: none" in lines
    assert lines[-1] == "Top level reached."


def test_evaluate_student_json() -> None:
    status, out, _ = call("evaluate", SHIPPED, "--student", "--points", "2999", "--json")

    assert status == 0
    data = json.loads(out)
    assert data["level"] == "student"
    assert data["missing"] == [{"kind": "points", "needed": 3000, "has": 2999}]
    assert data["missing_sentence"] == "1 more point for Starter"


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--points", "many", "argument --points: 'many' is not a whole number"),
        ("--points", "-5", "argument --points: must not be negative"),
        ("--points", "1.5", "argument --points: '1.5' is not a whole number"),
        ("--profile-certs", "x", "argument --profile-certs: 'x' is not a whole number"),
        ("--sales-certs", "-1", "argument --sales-certs: must not be negative"),
        ("--revenue", "1.005", "argument --revenue: '1.005' has fractions of a cent"),
        ("--revenue", "-3", "argument --revenue: must not be negative"),
        ("--revenue", "NaN", "argument --revenue: 'NaN' is not an amount in USD"),
        ("--revenue", "1e3", "argument --revenue: '1e3' is not an amount in USD"),
        ("--revenue", "15,00", "argument --revenue: '15,00' is not an amount in USD"),
    ],
)
def test_evaluate_bad_option_values(option: str, value: str, words: str) -> None:
    with pytest.raises(CommandError) as info:
        call_command("program", "evaluate", str(SHIPPED), f"{option}={value}")
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("15000", 1_500_000),
        ("15000.50", 1_500_050),
        ("15000.5", 1_500_050),
        ("0.01", 1),
        ("0", 0),
        ("$1,800", 180_000),
        ("15,000.25", 1_500_025),
        (" 7 ", 700),
        ("99999999999999999.99", 9_999_999_999_999_999_999),
    ],
)
def test_usd_to_cents_is_exact(text: str, cents: int) -> None:
    assert usd_to_cents(text) == cents


def test_unknown_subcommand() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("program", "frobnicate")


def test_subcommands_are_a_registry() -> None:
    """The lead adds `load` and `simulate` by registering them; these three are built in."""
    assert {"check", "evaluate", "diff"} <= set(SUBCOMMANDS)
    assert all(sub.help for sub in SUBCOMMANDS.values())
