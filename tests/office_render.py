"""LibreOffice renders the office's Word and Excel files to PDF; pdftotext -bbox measures what prints.

CI installs LibreOffice and poppler (`.ci/run`) and sets LEDGER_REQUIRE_OFFICE=1, so a missing tool
fails there; on a developer's machine without them these tests are skipped, saying why.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdftotext", "pdfinfo")


def require_tools() -> None:
    """Skip (or fail in CI) when LibreOffice or poppler is missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    install = "apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils"
    if os.environ.get("LEDGER_REQUIRE_OFFICE") == "1":
        pytest.fail(f"LEDGER_REQUIRE_OFFICE=1 but {', '.join(missing)} missing: {install}")
    pytest.skip(f"no {', '.join(missing)} here ({install}); CI runs these tests")


def to_pdf(source: Path) -> Path:
    """The file rendered by headless LibreOffice, next to it (its own profile: parallel-safe)."""
    profile = source.parent / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


@dataclass(frozen=True)
class Word:
    """One printed word: its page, its box in points and its text."""

    page: int
    x: float
    y: float
    height: float
    text: str


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line
        )
        if match:
            x, top, bottom, text = match.groups()
            found.append(
                Word(page, float(x), float(top), float(bottom) - float(top), html.unescape(text))
            )
    return found


def pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points (pdfinfo)."""
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)
    ]
