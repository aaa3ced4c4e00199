"""`partnercenter import KIND FILE.csv [--dry-run] [--json]`: exit 0 or 2, never a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command, load_command_class

from partnercenter.imports.kinds import KINDS
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from tests.imports.conftest import snapshot

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "import-examples"


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_the_example_files_import_cleanly_into_a_fresh_database(edition: Any) -> None:
    for kind in KINDS:
        status, out, err = cli(kind, str(EXAMPLES / f"{kind}.csv"))
        assert (status, err) == (0, ""), (kind, err)
        assert "0 refused — imported." in out
    assert Partner.objects.count() == 4
    assert Entry.objects.filter(source="import").count() == 7
    before = snapshot()

    for kind in KINDS:
        status, out, _ = cli(kind, str(EXAMPLES / f"{kind}.csv"), "--json")
        report = json.loads(out)
        assert (status, report["created"], report["ok"]) == (0, 0, True)
        assert report["unchanged"] == report["rows"] > 0
    assert snapshot() == before


def test_dry_run_says_what_would_be_created_and_writes_nothing(edition: Any) -> None:
    status, out, _ = cli("partners", str(EXAMPLES / "partners.csv"), "--dry-run")

    assert status == 0
    assert "4 row(s): 4 to create, 0 unchanged, 0 refused — dry run, nothing written." in out
    assert Partner.objects.count() == 0


def test_refused_rows_exit_2_with_line_field_and_message(edition: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.csv",
        b"slug,name,profile,country,status,partner_since\n"
        b"acme,Acme,it,DE,active,2024-01-01\n"
        b"bravo,Bravo,plumbing,XX,active,2024-01-01\n",
    )

    status, out, err = cli("partners", path)

    assert status == 2 and out == ""
    assert f"{path}:3: profile: 'plumbing' is not a profile of edition 2025-01-01" in err
    assert f"{path}:3: country: 'XX' is not an ISO 3166 alpha-2 country code" in err
    assert "1 to create, 0 unchanged, 1 refused — refused, nothing written." in err
    assert Partner.objects.count() == 0

    status, out, err = cli("partners", path, "--json")
    report = json.loads(out)
    assert status == 2 and err == ""
    assert (report["ok"], report["written"], report["refused"]) == (False, False, 1)
    assert report["problems"][0] == {
        "line": 3,
        "field": "profile",
        "message": "'plumbing' is not a profile of edition 2025-01-01: it, creative, hosting, distribution.",
    }


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (None, "Cannot read the file: No such file or directory."),
        (b"", "The file is empty"),
        (b"\xef\xbb\xbfpartner,name,email,role\n", "has a header but no rows"),
        (b"partner,name,email,role,shoe_size\n", "Unknown column(s): shoe_size"),
        (b"partner,name,role\n", "Missing column(s): email"),
        (
            b"partner,name,email,role\nacme,J\xf6rg,j@x.example,member\n",
            "2: file: The file is not UTF-8",
        ),
    ],
    ids=["no such file", "empty", "header only", "extra column", "missing column", "not UTF-8"],
)
def test_a_bad_file_exits_2_without_a_traceback(
    edition: Any, tmp_path: Path, data: bytes | None, words: str
) -> None:
    path = str(tmp_path / "missing.csv") if data is None else write(tmp_path, "f.csv", data)

    status, out, err = cli("people", path)

    assert status == 2 and out == ""
    assert words in err and "Traceback" not in err
    status, out, _ = cli("people", path, "--json")
    assert status == 2 and words.split(": ")[-1] in json.loads(out)["problems"][0]["message"]


def test_a_directory_is_not_a_file(edition: Any, tmp_path: Path) -> None:
    status, _, err = cli("points", str(tmp_path))

    assert status == 2 and "Cannot read the file" in err


def test_the_help_lists_every_kind_and_column() -> None:
    command = load_command_class("partnercenter.imports", "import")
    text = command.create_parser("partnercenter", "import").format_help()

    for kind in KINDS.values():
        assert f"import {kind.name}" in text
        for column in kind.columns:
            assert f"  {column.name} " in text


def test_the_readme_documents_every_column() -> None:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    for kind in KINDS.values():
        assert f"partnercenter import {kind.name}" in readme
        for column in kind.columns:
            assert f"`{column.name}`" in readme, (kind.name, column.name)


@pytest.mark.slow
def test_a_hundred_thousand_rows_stream_through(edition: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write("slug,name,profile,country,status,partner_since\n")
        for i in range(100_000):
            out.write(f"p-{i},Partner {i},it,DE,active,2024-01-01\n")

    status, out_text, _ = cli("partners", str(path), "--dry-run", "--json")

    assert status == 0 and json.loads(out_text)["created"] == 100_000
    assert Partner.objects.count() == 0


def test_the_real_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PARTNERCENTER_VAR_DIR": str(tmp_path / "var")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(settings.BASE_DIR) / "src"), env.get("PYTHONPATH", "")]
    )
    missing = str(tmp_path / "nope.csv")

    done = subprocess.run(
        [sys.executable, "-m", "partnercenter", "import", "people", missing, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["problems"][0]["message"].startswith("Cannot read the file")
