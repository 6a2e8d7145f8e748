"""Column widths of a printed table: short values (ids, dates, numbers) never break, text takes the rest.

Widths are in display cells (a CJK character is two, half an em of the body font). Pure, stdlib only.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass

# A column whose longest value fits in this many cells is short: it gets its width and never wraps.
SHORT_CELLS = 16
# Below this many cells a text column wraps every few characters: the table wants a wider page.
TEXT_MIN_CELLS = 24
HEADER_MIN_CELLS = 4  # two CJK characters: a longer header may wrap over two lines


def cells(text: str) -> int:
    """Printed width of a line in cells: a CJK character two, a Latin one a quarter more than one.

    Printed digits and letters are wider than half a CJK character (about 0.55–0.6 em in 宋体 and
    its stand-ins), and a cell one glyph too narrow breaks `2025-03-31`; one cell of slack more.
    """
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return 2 * wide + math.ceil((len(text) - wide) * 1.25) + 1


def shown(value: object) -> str:
    """A value as the table prints it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class PageColumns:
    """Each column's width in cells, which of them must not wrap, and whether the page turns."""

    widths: list[int]
    nowrap: frozenset[int]
    landscape: bool


def _fit(natural: list[int], fixed: list[int], text: list[int], room: int) -> list[int] | None:
    """Widths within `room`: fixed columns as they are, text columns sharing what is left."""
    left = room - sum(natural[i] for i in fixed)
    if not text:
        return natural if left >= 0 else None
    if left < TEXT_MIN_CELLS * len(text) and left < sum(natural[i] for i in text):
        return None
    widths = list(natural)
    # Share the room in proportion to each text's length, none below the minimum, none above its own.
    wanted = {i: natural[i] for i in text}
    while wanted:
        total = sum(wanted.values())
        share = {i: max(TEXT_MIN_CELLS, left * w // total) for i, w in wanted.items()}
        capped = [i for i in wanted if share[i] >= natural[i]]
        if not capped:
            for i in wanted:
                widths[i] = share[i]
            break
        for i in capped:
            widths[i] = natural[i]
            left -= natural[i]
            del wanted[i]
    return widths


def page_columns(
    header: list[str],
    rows: list[list[object]],
    wide: frozenset[int],
    portrait: int,
    landscape: int,
) -> PageColumns:
    """Widths for a table on a page `portrait` cells wide, turned to `landscape` when it must be."""
    count = len(header)
    longest = [max((cells(shown(row[i])) for row in rows), default=0) for i in range(count)]
    heads = [max(HEADER_MIN_CELLS, math.ceil(cells(h) / 4) * 2) for h in header]
    natural = [max(longest[i], heads[i], 2) for i in range(count)]
    short = [i for i in range(count) if i not in wide and longest[i] <= SHORT_CELLS]
    text = [i for i in range(count) if i not in short]
    for room, turned in ((portrait, False), (landscape, True)):
        widths = _fit(natural, short, text, room)
        if widths is not None:
            return PageColumns(widths, frozenset(short), turned)
    # Too many short columns even for landscape: every column shares the page by its length.
    total = sum(natural) or 1
    widths = [max(heads[i], landscape * natural[i] // total) for i in range(count)]
    return PageColumns(widths, frozenset(), True)
