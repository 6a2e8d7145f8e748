"""A Document (reports/documents.py) on the terminal with Rich: CJK-aligned tables within the width.

Short columns never wrap; the long-text columns a table marks as wide take what is left and wrap
between characters; every value is plain text, never markup. Without colour the same lines are
written directly (plain_documents.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from .cjk import plain, say
from .plain_documents import can_write_plain, cell_text, wide_share, write_document
from .terminal import _plain_table

if TYPE_CHECKING:
    from ..reports.documents import Document, TableModel


def rich_table(model: TableModel, width: int):
    """The table for Rich: short columns at their natural width, wide ones sharing the rest."""
    cells = [[cell_text(value) for value in row] for row in model.rows]
    # Every short column is as wide as its widest value, so no value is ever cut.
    share = wide_share(model, cells, width)
    table = _plain_table()
    for index, header in enumerate(model.header):
        if index in model.wide:
            table.add_column(header, overflow="fold", max_width=share)
        else:
            justify = "right" if index in model.right else "left"
            table.add_column(header, no_wrap=True, justify=justify)
    for row in cells:
        table.add_row(*map(plain, row))
    return table


def print_document(console: Console, document: Document, beside=None) -> None:
    """Title, paragraphs, and each section's heading, paragraphs and tables (a long document's later
    sections written in a forked process by `beside`, where it gives one and there is no colour)."""
    if can_write_plain(console):
        write_document(console, document, rich_table, beside)
    else:
        print_rich(console, document)


def print_rich(console: Console, document: Document) -> None:
    """The document through Rich's renderer, as a colour terminal shows it."""
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
            console.print(rich_table(model, console.width))
