"""A Document (reports/documents.py) as Markdown to forward or CSV for a spreadsheet. Stdlib only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import markdown
from .csvout import csv_text

if TYPE_CHECKING:
    from ..reports.documents import Document


def document_md(document: Document) -> str:
    """The document as Markdown: a heading, its paragraphs, each section with its tables."""
    md = markdown.text
    out = [f"# {md(document.title)}", ""]
    out += [md(line) + "\n" for line in document.lines]
    for section in document.sections:
        if section.title:
            out += [f"{'#' * section.level} {md(section.title)}", ""]
        out += [md(line) + "\n" for line in section.lines]
        for table in section.tables:
            out.append(markdown.table(table.header, table.rows, right=table.right))
    return "\n".join(out).rstrip("\n") + "\n"


def document_csv(document: Document) -> str:
    """The document's tables as one CSV sheet; a section's title leads its rows when there are several."""
    tables = [(s.title, t) for s in document.sections for t in s.tables]
    if len(tables) == 1 or len({tuple(t.header) for _title, t in tables}) == 1:
        header = tables[0][1].header if tables else []
        if len(tables) > 1:
            return csv_text(
                ["分组", *header], [[title, *row] for title, t in tables for row in t.rows]
            )
        return csv_text(header, tables[0][1].rows if tables else [])
    rows: list[list[object]] = []
    for title, table in tables:
        rows += [[title], table.header, *table.rows, []]
    return csv_text([document.title], rows)
