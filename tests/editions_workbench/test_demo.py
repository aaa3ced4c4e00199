"""The demo leaves the sample next edition waiting as a draft, once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.editions_workbench.demo import demo_editions
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.selectors import draft_report

pytestmark = pytest.mark.django_db


def test_demo_draft_is_the_sample_and_idempotent(edition: Any) -> None:
    demo_editions(today=date(2026, 11, 26))
    demo_editions(today=date(2026, 11, 26))
    draft = EditionDraft.objects.get()
    assert draft.created_by is None and draft.filename == "next-edition-with-mistakes.toml"
    assert draft_report(draft, date(2026, 11, 26)).problem_count == 4
