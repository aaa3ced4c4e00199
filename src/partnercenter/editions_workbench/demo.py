"""Demo: an open draft of the next edition, the repo's sample with its deliberate mistakes.

On the Editions page staff find it waiting: fix its three mistakes in the text, read the
diff (Professional at 4,500 points) and who would move, then publish it. A second run
changes nothing while a draft of the sample exists (open or published).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.services import draft_create

SAMPLE_NAME = "next-edition-with-mistakes.toml"


def demo_editions(*, today: date) -> None:
    """Store the sample next edition as a draft, once."""
    if EditionDraft.objects.filter(filename=SAMPLE_NAME).exists():
        return
    path = settings.BASE_DIR / "programs" / "exponential" / "samples" / SAMPLE_NAME
    draft_create(
        source=path.read_text(encoding="utf-8"),
        contract_template=None,
        filename=SAMPLE_NAME,
        actor="demo data",
        today=today,
    )
