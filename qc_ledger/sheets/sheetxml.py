"""The workbook's body rows as worksheet XML, in the form openpyxl writes them, straight to a file.

openpyxl keeps an object per cell and writes each through lxml: a province's millions of cells cost
minutes and gigabytes. Each row here is one string, written out in batches, so memory stays that of
a batch. The cells are those the writer made before: every column styled, text stored as inline
text (never a formula), dates as serial numbers under a date style. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from ..render.safe import UNSAFE, visible
from .layout import COLUMNS, COMPARED, FIRST_ROW, LINE_POINTS, comparable, letter, text_lines

# A day's serial number is its distance from 1899-12-30 (Excel's 1900 date system, after March 1900).
_EPOCH = dt.date(1899, 12, 30).toordinal()
_BATCH = 2000  # rows encoded and written at a time
_SPACE = ' xml:space="preserve"'
# Text needing work before it goes into XML: what `visible` rewrites, and the markup characters.
_SPECIAL = re.compile(UNSAFE.pattern[:-1] + "&<>]")

# The style of a body cell: its column (1-based), whether its row is overdue, its light (the 预警
# column only), whether it holds a date.
StyleOf = Callable[[int, bool, "str | None", bool], int]


def _escaped(text: str) -> str:
    """Text as the XML of a cell: unsafe characters made visible, markup characters escaped."""
    if not _SPECIAL.search(text):
        return text
    text = visible(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _text(head: str, text: str) -> str:
    """A text cell from its opening (`<c r=".." s=".."`) and its escaped text."""
    if not text:
        return f'{head} t="inlineStr"></c>'
    space = _SPACE if text[0].isspace() or text[-1].isspace() else ""
    return f'{head} t="inlineStr"><is><t{space}>{text}</t></is></c>'


class SheetBody:
    """Writes a visible sheet's rows (from FIRST_ROW) and their base rows, to two files."""

    def __init__(self, style_of: StyleOf, out: BinaryIO, base: BaseBody) -> None:
        self._style_of = style_of
        self.out = out
        self._base = base
        # By light and overdue: each column's cell opening with its style, plain then dated (None:
        # not met yet).
        self._heads: dict[tuple, list[str | None]] = {}
        # By column: each text met lately, as its cells and its wrapped lines (see _Text).
        self._texts: list[dict[str, _Text]] = [{} for _ in COLUMNS]
        self.rows = 0

    def write(self, rows) -> int:
        """Write every row (values by column key, light, overdue); returns how many."""
        batch: list[str] = []
        for values, light, overdue in rows:
            self.rows += 1
            batch.append(self._row(values, light, overdue))
            if len(batch) == _BATCH:
                self._flush(batch)
        self._flush(batch)
        return self.rows

    def _flush(self, batch: list[str]) -> None:
        self.out.write("".join(batch).encode("utf-8"))
        batch.clear()
        self._base.flush()

    def _head(self, heads: list, index: int, dated: bool, light, overdue: bool) -> str:
        """A cell's opening with its style, registered when first met (so numbered in the order
        cells are)."""
        style = self._style_of(index + 1, overdue, light, dated)
        found = heads[2 * index + dated] = f'{_OPEN[index]}{_ROW}" s="{style}"'
        return found

    def _row(self, values: dict, light: str | None, overdue: bool) -> str:
        """One row's XML (with its base row), its number written in last."""
        heads = self._heads.get((light, overdue))
        if heads is None:
            heads = self._heads[light, overdue] = [None] * (2 * len(COLUMNS))
        compared: list[str] = []  # the base's values (stripped text, ISO date), in its order
        base = ['<row r="\0">']
        cells = []
        lines = 1
        get = values.get
        for index, key, width, base_head in _PLAN:
            value = self.rows if index == _NUMBER else get(key)
            if type(value) is str:
                head = heads[2 * index] or self._head(heads, index, False, light, overdue)
                seen = self._texts[index]
                text = seen.get(value)
                if text is None:
                    text = _Text.of(value, width)
                    if len(seen) == _SEEN:
                        seen.clear()
                    seen[value] = text
                cells += head, text.cell
                if text.lines > lines:
                    lines = text.lines
                if base_head:
                    compared.append(text.compared)
                    base += base_head, text.base
                continue
            if type(value) is int and not width:  # 序号, 进度, 序时进度
                head = heads[2 * index] or self._head(heads, index, False, light, overdue)
                cells.append(f'{head} t="n"><v>{value}</v></c>')
                if base_head:
                    compared.append(str(value))
                    base += base_head, f' t="inlineStr"><is><t>{value}</t></is></c>'
                continue
            if value is None:
                head = heads[2 * index] or self._head(heads, index, False, light, overdue)
                cells.append(f'{head} t="n"></c>')
                compared_text = ""
            else:
                dated = isinstance(value, dt.date)
                head = heads[2 * index + dated] or self._head(heads, index, dated, light, overdue)
                if dated:
                    cells.append(f'{head} t="n"><v>{value.toordinal() - _EPOCH}</v></c>')
                elif isinstance(value, int):
                    cells.append(f'{head} t="n"><v>{value}</v></c>')
                else:
                    cells.append(_text(head, _escaped(str(value))))
                compared_text = comparable(value)
            if width and compared_text:
                lines = max(lines, text_lines(compared_text, width))
            if base_head:
                compared.append(compared_text)
                base += base_head, _text("", _escaped(compared_text))
        base.append("</row>")
        self._base.add(compared, "".join(base))
        row = f'<row r="\0" ht="{_HEIGHTS[lines]}" customHeight="1">{"".join(cells)}</row>'
        return row.replace(_ROW, str(FIRST_ROW + self.rows - 1))


@dataclass(frozen=True, slots=True)
class _Text:
    """A text value of a column: its cell after the style, its value and cell in the base (the text
    stripped), and the lines it takes wrapped in its column (1 when the column does not wrap)."""

    cell: str
    compared: str
    base: str
    lines: int

    @classmethod
    def of(cls, value: str, width: int) -> _Text:
        escaped = _escaped(value)
        stripped = value.strip()
        # Text the stripping left as it was is not escaped twice.
        base = _text("", escaped if stripped is value else _escaped(stripped))
        return cls(_text("", escaped), stripped, base, text_lines(stripped, width) if width else 1)


class _Heights(dict):
    """A row's height attribute by its lines of wrapped text: as tall as its longest wrapped cell
    (LibreOffice and WPS print a row one line high unless told)."""

    def __missing__(self, lines: int) -> str:
        height = self[lines] = f"{round(lines * LINE_POINTS + 4, 1):.16g}"
        return height


# Where a row's number goes, written in once its XML is made: a cell's escaped text has no NUL
# (`visible` writes it out as \u0000).
_ROW = "\0"
_NUMBER = next(index for index, column in enumerate(COLUMNS) if column.key == "number")
_OPEN = [f'<c r="{letter(index)}' for index in range(1, len(COLUMNS) + 1)]
_BASE_OPEN = [f'<c r="{letter(index)}{_ROW}"' for index in range(1, len(COMPARED) + 1)]
# Each column: its place, its key, its width if it wraps (its text's lines set the row's height;
# 0 when it does not wrap), its cell opening in the base (None: not in the base).
_PLAN = tuple(
    (
        index,
        column.key,
        column.width if column.wrap else 0,
        _BASE_OPEN[COMPARED.index(column)] if column in COMPARED else None,
    )
    for index, column in enumerate(COLUMNS)
)
_HEIGHTS = _Heights()
_SEEN = 20_000  # texts remembered per column: a province repeats its units, groups and tasks


class BaseBody:
    """The hidden base sheet's rows (from row 3), and their checksum as they are written."""

    FIRST = 3

    def __init__(self, out: BinaryIO, fingerprint) -> None:
        self.out = out
        self._fingerprint = fingerprint
        self._texts: list[list[str]] = []
        self._rows: list[str] = []
        self.rows = 0

    def add(self, texts: list[str], row: str) -> None:
        """One row: its values as compared, and its XML with NUL where its number goes."""
        self._rows.append(row.replace(_ROW, str(self.FIRST + self.rows)))
        self.rows += 1
        self._texts.append(texts)

    def flush(self) -> None:
        """Write the rows added since the last flush."""
        self.out.write("".join(self._rows).encode("utf-8"))
        self._fingerprint.add(self._texts)
        self._rows, self._texts = [], []
