"""A Document (reports/documents.py) on the terminal with Rich: CJK-aligned tables within the width.

Short columns never wrap; the long-text columns a table marks as wide take what is left and wrap
between characters; every value is plain text, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console

from .cjk import clip, plain, say
from .terminal import _plain_table

if TYPE_CHECKING:
    from ..reports.documents import Document, TableModel


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _table(model: TableModel, width: int):
    cells = [[_text(value) for value in row] for row in model.rows]
    widths = [
        max([cell_len(model.header[i]), *(cell_len(row[i]) for row in cells)])
        for i in range(len(model.header))
    ]
    narrow = sum(w for i, w in enumerate(widths) if i not in model.wide) + len(widths) - 1
    room = max(10, width - narrow)
    wide = [i for i in model.wide if i < len(widths)]
    share = max(10, room // len(wide)) if wide else 0
    table = _plain_table()
    for index, header in enumerate(model.header):
        if index in model.wide:
            table.add_column(header, overflow="fold", max_width=share)
        else:
            justify = "right" if index in model.right else "left"
            table.add_column(header, no_wrap=True, justify=justify)
    for row in cells:
        shown = [
            plain(value if index in model.wide else clip(value, max(widths[index], 4)))
            for index, value in enumerate(row)
        ]
        table.add_row(*shown)
    return table


def print_document(console: Console, document: Document) -> None:
    """Title, paragraphs, and each section's heading, paragraphs and tables."""
    console.print(plain(document.title, style="bold"))
    for line in document.lines:
        say(console, line)
    for section in document.sections:
        console.print()
        if section.title:
            console.print(plain(section.title, style="bold"))
        for line in section.lines:
            say(console, line)
        for model in section.tables:
            console.print(_table(model, console.width))
