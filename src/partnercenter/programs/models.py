"""Program editions stored as their TOML source, one row per (program, edition)."""

from django.db import models


class ProgramEdition(models.Model):
    """One edition of the program's rules, valid from `effective_from` until the next edition.

    The TOML text is the source of truth; decisions record the `edition_id` that made them.
    The contract partners sign travels with the edition (`contract_template`), so a new
    edition can change the contract the way it changes the rules.
    """

    program_id = models.CharField(max_length=64)
    edition_id = models.CharField(max_length=64)
    effective_from = models.DateField()
    source = models.TextField(help_text="The TOML text of the edition, as loaded.")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, blank=True)
    contract_template = models.TextField(
        blank=True,
        help_text="The contract (a Django template) read from `<edition file stem>/contract.html`.",
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program_id", "edition_id"], name="edition_unique_id"),
            models.UniqueConstraint(
                fields=["program_id", "effective_from"], name="edition_unique_effective_from"
            ),
        ]
        ordering = ["program_id", "effective_from"]

    def __str__(self) -> str:
        return f"{self.program_id} {self.edition_id}"
