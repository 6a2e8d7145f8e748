"""A Document without colour, written directly: the lines Rich would print, without its cost per row.

A province's reminders or a big unit's document run to tens of thousands of table rows; Rich renders
every cell through its layout engine. Without colour (a pipe, a file, NO_COLOR) each line is plain
text, so it is laid out here with the same measures Rich uses. Where equality with Rich is not
certain cheaply — a line wider than the console, a cell with a tab or a line break, a table whose
natural widths do not fit — that one line or table is left to Rich; a long cell in a wrapping
column is broken by Rich's own Text.wrap. A long document's later sections are laid out meanwhile
in a forked process (into a nameless file, copied in after the first sections).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from typing import TYPE_CHECKING

from rich.text import Text

from .cells import cell_len
from .cjk import ambiguous_wide, for_terminal, paragraph, plain
from .plain_tables import draw

if TYPE_CHECKING:
    from rich.console import Console

    from ..reports.documents import Document, Section, TableModel


def can_write_plain(console: Console) -> bool:
    """Whether this console prints without colour, in UTF-8, the same box lines Rich would draw."""
    return (
        console.color_system is None
        and not console.legacy_windows
        and console.encoding.lower().startswith("utf")
    )


def cell_text(value: object) -> str:
    """A table value as the text shown: dates in ISO form, nothing for None."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def wide_share(model: TableModel, cells: list[list[str]], width: int) -> int:
    """What each wrapping column may take: the console less the short columns at natural width."""
    widths = [
        max([cell_len(model.header[i]), *(cell_len(row[i]) for row in cells)])
        for i in range(len(model.header))
    ]
    narrow = sum(w for i, w in enumerate(widths) if i not in model.wide) + len(widths) - 1
    room = max(10, width - narrow)
    wide = [i for i in model.wide if i < len(widths)]
    return max(10, room // len(wide)) if wide else 0


def _simple(text: str) -> bool:
    """Rich measures and draws this text as one line of its cells (no tab, no line break)."""
    return "\n" not in text and "\t" not in text


def table_text(model: TableModel, console: Console) -> str | None:
    """The table as Rich draws it (document_tables' layout), or None where Rich must lay it out."""
    count = len(model.header)
    cells = [[cell_text(value) for value in row] for row in model.rows]
    if not count or any(len(row) != count for row in cells):
        return None
    width = console.width
    share = wide_share(model, cells, width)  # from the values as given, as Rich's path
    rows = [[for_terminal(text) for text in row] for row in [model.header, *cells]]
    if not all(_simple(text) for row in rows for text in row):
        return None
    wide = {index for index in model.wide if index < count}
    rights = [index in model.right and index not in wide for index in range(count)]
    # Rich measures the text it shows (made visible); a column of nothing is one cell wide.
    sizes = [cell_len(text) for text in rows[0]]
    for row in rows:
        for index, text in enumerate(row):
            size = cell_len(text)
            if size > sizes[index]:
                sizes[index] = size
    widths = [(min(size, share) if i in wide else size) or 1 for i, size in enumerate(sizes)]
    if sum(widths) + count - 1 > width:
        return None
    lines = [[[text] for text in row] for row in rows]
    for index in range(count):
        if index in wide and sizes[index] > widths[index]:
            for row in lines:
                if cell_len(row[index][0]) > widths[index]:
                    row[index] = _fold(row[index][0], widths[index], console)
        elif rights[index]:
            for row in lines:
                row[index] = [row[index][0].rstrip()]  # Rich right-justifies without trailing space
    return draw(lines[0], lines[1:], widths, rights, rule="-" if ambiguous_wide() else "─")


def _fold(text: str, width: int, console: Console) -> list[str]:
    """A long cell of a wrapping column, broken as Rich breaks it."""
    lines = Text(text).wrap(console, width, justify="left", overflow="fold")
    return [line.plain for line in lines]


class _Writer:
    """Lines gathered and written in one go; what Rich must draw is printed by Rich in its place."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width
        self.out: list[str] = []

    def flush(self) -> None:
        """Write what is gathered, as SafeConsole would (Rich's own ellipsis in the unambiguous form)."""
        text = "".join(self.out)
        self.out.clear()
        if text:
            self.console.file.write(text.replace("…", "⋯") if ambiguous_wide() else text)

    def line(self, text: str, style: str = "") -> None:
        """One printed line of data (Rich wraps it if it is wider than the console)."""
        shown = for_terminal(text)
        if _simple(shown) and cell_len(shown) <= self.width:
            self.out.append(shown.rstrip(" ") + "\n")
        else:
            self.flush()
            self.console.print(plain(text, style=style))

    def paragraph(self, text: str) -> None:
        """A paragraph wrapped as cjk.say wraps it."""
        for line in paragraph(text, self.width):
            self.line(line)

    def table(self, model: TableModel, rich_table) -> None:
        """A table laid out here, or by Rich when it must shrink or holds what only Rich draws."""
        text = table_text(model, self.console)
        if text is None:
            self.flush()
            self.console.print(rich_table(model, self.width))
        else:
            self.out.append(text)
            if len(self.out) > 512:
                self.flush()  # a province's document is written as it goes, not held whole


# From this many lines (paragraphs and table rows) the later sections are written in a forked process
# meanwhile, where one can be had: below, forking costs more than it saves.
MIN_SPLIT_LINES = 10_000


def _weight(section: Section) -> int:
    """About how many lines a section prints."""
    return 2 + len(section.lines) + sum(len(model.rows) + 2 for model in section.tables)


def split_at(sections: list[Section]) -> int | None:
    """Where a long document's sections are cut so each half prints about as many lines; None for a
    short one."""
    weights = [_weight(section) for section in sections]
    total = sum(weights)
    if total < MIN_SPLIT_LINES or len(sections) < 2:
        return None
    done = 0
    for index, weight in enumerate(weights):
        done += weight
        if done * 2 >= total:
            return min(index + 1, len(sections) - 1)
    return None  # not reached: the weights add up to the total


def _write_sections(writer: _Writer, sections: list[Section], rich_table) -> None:
    """Each section's blank line, heading, paragraphs and tables."""
    for section in sections:
        writer.out.append("\n")
        if section.title:
            writer.line(section.title, style="bold")
        for text in section.lines:
            writer.paragraph(text)
        for model in section.tables:
            writer.table(model, rich_table)
    writer.flush()


def _spool_sections(
    console: Console, width: int, sections: list[Section], rich_table, spool
) -> int:
    """In a forked process: the sections as this console prints them `width` cells wide, written
    to `spool` as UTF-8; how many bytes."""
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    console.file = text
    console.width = width  # as this console's first half has it, whatever the terminal is now
    _write_sections(_Writer(console), sections, rich_table)
    text.flush()
    return spool.tell()


def write_document(console: Console, document: Document, rich_table, beside=None) -> None:
    """The document as document_tables.print_document prints it, written directly; with `beside`
    (`usecases.forked.beside`), a long one's later sections are written in a forked process."""
    writer = _Writer(console)
    writer.line(document.title, style="bold")
    for text in document.lines:
        writer.paragraph(text)
    writer.flush()
    sections = document.sections
    cut = None if beside is None else split_at(sections)
    if cut is None:
        _write_sections(writer, sections, rich_table)
        return
    console.file.flush()  # a reader gone away is told here, not taken for a fork that failed
    later = None
    # The later half is laid out into a nameless file, not held: a province's runs to megabytes.
    try:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    except OSError:  # no temporary folder to write in: this process writes it all
        _write_sections(writer, sections, rich_table)
        return
    with spool:
        try:
            later = beside(
                lambda: _spool_sections(console, writer.width, sections[cut:], rich_table, spool)
            )
            _write_sections(writer, sections[:cut], rich_table)
            size = None if later is None else later.result()
            if size is None:  # no process, or it failed: the later sections here
                spool.truncate(0)  # what a failed share wrote (a full disk) is given back first
                _write_sections(writer, sections[cut:], rich_table)
            else:
                spool.seek(0)
                copied = io.TextIOWrapper(spool, encoding="utf-8", newline="")
                shutil.copyfileobj(copied, console.file, 1 << 20)
                copied.detach()
        except BaseException:
            if later is not None:
                later.stop()  # Ctrl+C, or the reader went away: the other half is ended too
            raise
