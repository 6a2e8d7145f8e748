"""Golden transcripts: compare output with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import os

from conftest import GOLDEN


def check_golden(name: str, actual: str) -> None:
    """Assert `actual` equals the stored transcript (or store it when UPDATE_GOLDEN is set)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")
