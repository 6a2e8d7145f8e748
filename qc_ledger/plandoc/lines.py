"""A plan document as lines: each non-blank paragraph (or table row) with its place in the source."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Markdown marks that carry structure, not words: heading hashes, emphasis, list bullets, quotes.
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_BULLET = re.compile(r"^(?:[-*+]|>)\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


@dataclass(frozen=True)
class Line:
    """One paragraph of the source, or one table row (its cells), and where it stands."""

    text: str
    where: str  # 第12行 · 第12段 · 表1第3行
    cells: tuple[str, ...] = ()
    table: int = 0  # which table a row belongs to (1, 2, ...); 0 for a paragraph


def clean(text: str) -> str:
    """A paragraph's words without layout: trimmed, full-width spaces and tabs inside kept as one."""
    text = text.replace("\u3000", " ").replace("\t", " ").strip()
    return re.sub(r" {2,}", "  ", text)


def squeeze(text: str) -> str:
    """Text without any whitespace and in NFKC: what comparisons of the source's words use."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def text_lines(text: str, markdown: bool = False) -> list[Line]:
    """The non-blank lines of a plain-text or Markdown plan; a `|` table becomes rows of cells."""
    found: list[Line] = []
    table = 0
    in_table = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean(raw)
        if markdown:
            line = _MD_EMPHASIS.sub("", _MD_BULLET.sub("", _MD_HEADING.sub("", line)))
        if not line:
            in_table = False
            continue
        if line.startswith("|") and line.endswith("|") and line.count("|") >= 3:
            if _TABLE_RULE.match(line):
                continue
            if not in_table:
                table += 1
                in_table = True
            cells = tuple(clean(cell) for cell in line.strip("|").split("|"))
            found.append(Line(line, f"第{number}行", cells, table))
            continue
        in_table = False
        found.append(Line(line, f"第{number}行"))
    return found
