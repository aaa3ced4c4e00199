"""The contract template travels with its edition: loaded beside the TOML, checked by `program check`."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from partnercenter.contracts.selectors import contract_template_at
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.services import EditionConflict, edition_load
from tests.conftest import SHIPPED_EDITION

CONTRACT = SHIPPED_EDITION.with_suffix("") / "contract.html"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("program", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def copy_edition(tmp_path: Path, contract: str | None) -> Path:
    toml = tmp_path / SHIPPED_EDITION.name
    shutil.copy(SHIPPED_EDITION, toml)
    if contract is not None:
        (tmp_path / SHIPPED_EDITION.stem).mkdir()
        (tmp_path / SHIPPED_EDITION.stem / "contract.html").write_text(contract)
    return toml


@pytest.mark.django_db
def test_load_stores_the_contract_beside_the_toml_and_the_selector_reads_it() -> None:
    edition_load(path=SHIPPED_EDITION)

    stored = ProgramEdition.objects.get().contract_template
    assert stored == CONTRACT.read_text()
    assert "5. Completion" in stored
    assert contract_template_at(date(2026, 6, 1)) == stored


@pytest.mark.django_db
def test_an_edition_loaded_without_contract_gets_it_later_but_never_another(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    edition_load(path=copy_edition(tmp_path / "a", None))
    assert ProgramEdition.objects.get().contract_template == ""

    edition_load(path=SHIPPED_EDITION)
    assert ProgramEdition.objects.get().contract_template == CONTRACT.read_text()

    (tmp_path / "b").mkdir()
    other = copy_edition(tmp_path / "b", "{% extends 'documents/pdf_base.html' %}other")
    with pytest.raises(EditionConflict, match="contract"):
        edition_load(path=other)
    assert ProgramEdition.objects.get().contract_template == CONTRACT.read_text()
    edition_load(path=other, replace=True)
    assert ProgramEdition.objects.get().contract_template.endswith("other")


def test_check_passes_the_shipped_contract() -> None:
    code, out, err = run("check", str(SHIPPED_EDITION))
    assert code == 0, err
    assert "OK" in out


def test_check_names_a_template_that_does_not_parse(tmp_path: Path) -> None:
    toml = copy_edition(tmp_path, "{% extends 'documents/pdf_base.html' %}{% block body %}{% if %}")

    code, _, err = run("check", str(toml))

    assert code == 2
    assert f"{tmp_path / SHIPPED_EDITION.stem / 'contract.html'}: (template):" in err
    assert "does not parse" in err


@pytest.mark.django_db
def test_load_refuses_a_broken_template_and_stores_nothing(tmp_path: Path) -> None:
    toml = copy_edition(tmp_path, "{% block body %}")

    code, _, err = run("load", str(toml))

    assert code == 2 and "contract.html" in err
    assert ProgramEdition.objects.count() == 0
