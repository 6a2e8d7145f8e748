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
from typing import BinaryIO

from ..render.safe import UNSAFE, visible
from .layout import COLUMNS, COMPARED, FIRST_ROW, comparable, letter, row_height

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
        # By light and overdue: each column's style id as text, plain then dated (None: not met).
        self._styles: dict[tuple, list[str | None]] = {}
        self.rows = 0

    def write(self, rows) -> int:
        """Write every row (values by column key, light, overdue); returns how many."""
        batch: list[str] = []
        for values, light, overdue in rows:
            self.rows += 1
            batch.append(self._row(FIRST_ROW + self.rows - 1, values, light, overdue))
            if len(batch) == _BATCH:
                self._flush(batch)
        self._flush(batch)
        return self.rows

    def _flush(self, batch: list[str]) -> None:
        self.out.write("".join(batch).encode("utf-8"))
        batch.clear()
        self._base.flush()

    def _style(self, styles: list, index: int, dated: bool, light, overdue: bool) -> str:
        """A cell's style id, registered when first met (so numbered in the order cells are)."""
        found = styles[2 * index + dated] = str(self._style_of(index + 1, overdue, light, dated))
        return found

    def _row(self, number: int, values: dict, light: str | None, overdue: bool) -> str:
        styles = self._styles.get((light, overdue))
        if styles is None:
            styles = self._styles[light, overdue] = [None] * (2 * len(_KEYS))
        texts: dict[str, str] = {}  # each column's value as compared (stripped text, ISO date)
        escaped: dict[str, str] = {}
        cells = []
        for index, key in enumerate(_KEYS):
            value = self.rows if index == _NUMBER else values.get(key)
            opening = _OPEN[index]
            if value is None:
                style = styles[2 * index] or self._style(styles, index, False, light, overdue)
                cells.append(f'{opening}{number}" s="{style}" t="n"></c>')
                texts[key] = ""
            elif type(value) is str:
                style = styles[2 * index] or self._style(styles, index, False, light, overdue)
                text = escaped[key] = _escaped(value)
                if not text:
                    cells.append(f'{opening}{number}" s="{style}" t="inlineStr"></c>')
                elif text[0].isspace() or text[-1].isspace():
                    cells.append(
                        f'{opening}{number}" s="{style}" t="inlineStr"><is><t{_SPACE}>{text}'
                        "</t></is></c>"
                    )
                else:
                    cells.append(
                        f'{opening}{number}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
                    )
                texts[key] = value.strip()
            else:
                dated = isinstance(value, dt.date)
                style = styles[2 * index + dated] or self._style(
                    styles, index, dated, light, overdue
                )
                if dated:
                    cells.append(
                        f'{opening}{number}" s="{style}" t="n"><v>{value.toordinal() - _EPOCH}</v></c>'
                    )
                elif isinstance(value, int):
                    cells.append(f'{opening}{number}" s="{style}" t="n"><v>{value}</v></c>')
                else:
                    cells.append(_text(f'{opening}{number}" s="{style}"', _escaped(str(value))))
                    escaped[key] = _escaped(str(value))
                texts[key] = comparable(value)
        self._base.add([texts[key] for key in _BASE_KEYS], values, escaped)
        height = row_height(texts)
        return f'<row r="{number}" ht="{height:.16g}" customHeight="1">{"".join(cells)}</row>'


_KEYS = tuple(column.key for column in COLUMNS)
_NUMBER = _KEYS.index("number")
_BASE_KEYS = tuple(column.key for column in COMPARED)
_OPEN = [f'<c r="{letter(index)}' for index in range(1, len(COLUMNS) + 1)]
_BASE_OPEN = [f'<c r="{letter(index)}' for index in range(1, len(COMPARED) + 1)]


class BaseBody:
    """The hidden base sheet's rows (from row 3), and their checksum as they are written."""

    FIRST = 3

    def __init__(self, out: BinaryIO, fingerprint) -> None:
        self.out = out
        self._fingerprint = fingerprint
        self._texts: list[list[str]] = []
        self._rows: list[str] = []
        self.rows = 0

    def add(self, texts: list[str], values: dict, escaped: dict[str, str]) -> None:
        """One row: its values as compared, with the cells' values and escaped texts by key (a
        text the stripping left as it was is not escaped twice)."""
        number = self.FIRST + self.rows
        self.rows += 1
        cells = [f'<row r="{number}">']
        for index, (key, text) in enumerate(zip(_BASE_KEYS, texts, strict=True)):
            same = escaped.get(key) if values.get(key) is text else None
            cells.append(
                _text(f'{_BASE_OPEN[index]}{number}"', _escaped(text) if same is None else same)
            )
        cells.append("</row>")
        self._rows.append("".join(cells))
        self._texts.append(texts)

    def flush(self) -> None:
        """Write the rows added since the last flush."""
        self.out.write("".join(self._rows).encode("utf-8"))
        self._fingerprint.add(self._texts)
        self._rows, self._texts = [], []
