"""The shipped edition and the source document, for the pure domain tests."""

from __future__ import annotations

from pathlib import Path

from partnercenter.domain.loader import load_edition

ROOT = Path(__file__).resolve().parents[2]
EDITION_PATH = ROOT / "programs" / "exponential" / "2025-01-01.toml"
DOCUMENT_PATH = ROOT / "docs" / "exponential-partner-program.txt"

EDITION = load_edition(EDITION_PATH)
"""Read once at import so parametrize lists and hypothesis strategies can use it."""
