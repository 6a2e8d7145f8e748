"""Long tables without colour, laid out directly: what Rich would print, without its cost per row.

A listing of tens of thousands of measures spends most of its time in Rich's per-cell rendering.
Without colour (a pipe, a file, NO_COLOR) every cell of these tables is plain text cut to its column,
so the same lines can be written directly: columns of no-wrap cells, one space apart, header cells
at the bottom of their row and a rule under it, no padding at the ends of lines. When the columns do not fit the width (Rich would
shrink them) `layout` gives None and the caller lets Rich lay the table out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .cells import cell_len


@dataclass(frozen=True)
class Column:
    """A no-wrap column: its header (lines joined by newlines) and width limits."""

    header: str
    min_width: int = 0
    max_width: int | None = None
    right: bool = False  # numbers: each line against the column's right edge


def cut_line(line: str, width: int) -> str:
    """Cut a line to `width` cells with an ellipsis, as Rich's "ellipsis" overflow does."""
    if cell_len(line) <= width:
        return line
    kept, used = [], 0
    for char in line:
        size = cell_len(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    # A wide character that does not fit leaves a space, as Rich's cell sizing does.
    return "".join(kept) + " " * (width - 1 - used) + "…"


def layout(
    columns: list[Column],
    rows: list[list[str]],
    width: int,
    rule: str = "─",
    sections: frozenset[int] = frozenset(),
) -> str | None:
    """The table as text (cells are lines joined by newlines), or None when it needs shrinking.

    `sections` holds the indexes of rows that start a new section (an empty line before them).
    """
    header_lines = [column.header.split("\n") for column in columns]
    cells = [[cell.split("\n") for cell in row] for row in rows]
    # Each distinct line measured once: a province's rows repeat the same numbers and names.
    sizes = _Sizes()
    widths = []
    for index, column in enumerate(columns):
        lines = {line for row in cells for line in row[index]}
        lines.update(header_lines[index])
        natural = max(column.min_width, *map(sizes.__getitem__, lines))
        if column.max_width is not None:
            natural = min(natural, column.max_width)
        widths.append(natural)
    if sum(widths) + len(widths) - 1 > width:
        return None
    rights = [column.right for column in columns]
    return draw(header_lines, cells, widths, rights, rule, sections, sizes)


class _Sizes(dict):
    """Lines' widths in cells, each worked out once."""

    def __missing__(self, line: str) -> int:
        size = self[line] = cell_len(line)
        return size


def draw(
    header_lines: list[list[str]],
    cells: list[list[list[str]]],
    widths: list[int],
    rights: list[bool],
    rule: str = "─",
    sections: frozenset[int] = frozenset(),
    sizes: dict[str, int] | None = None,
) -> str:
    """Lines of cells (each cell a list of lines) in columns of these widths, under a header rule.

    `sizes`: lines' widths already worked out (missing ones are worked out as met).
    """
    size = (_Sizes() if sizes is None else sizes).__getitem__
    columns = [_Padded(width, right, size) for width, right in zip(widths, rights, strict=True)]
    out: list[str] = []
    _block(out, header_lines, columns, bottom=True)
    out.append((rule * (sum(widths) + len(widths) - 1)).rstrip(" "))
    for index, row in enumerate(cells):
        if index in sections:
            out.append("")
        _block(out, row, columns)
    return "\n".join(out) + "\n"


class _Padded(dict):
    """A column's lines cut and padded to its width, each worked out once: numbers, lights and
    names repeat down a long table."""

    def __init__(self, width: int, right: bool, size: Callable[[str], int]):
        super().__init__()
        self.width, self.right, self.size = width, right, size

    def __missing__(self, line: str) -> str:
        shown, used = line, self.size(line)
        if used > self.width:
            shown = cut_line(line, self.width)
            used = cell_len(shown)
        pad = " " * (self.width - used)
        padded = self[line] = pad + shown if self.right else shown + pad
        return padded


def _block(
    out: list[str], cell_lines: list[list[str]], columns: list[_Padded], bottom: bool = False
) -> None:
    """One row of cells, as many lines tall as its tallest cell (header cells sit at the bottom)."""
    height = max(map(len, cell_lines))
    if bottom and height > 1:
        cell_lines = [[""] * (height - len(lines)) + lines for lines in cell_lines]
    pairs = list(zip(cell_lines, columns, strict=True))
    for number in range(height):
        parts = [padded[lines[number] if number < len(lines) else ""] for lines, padded in pairs]
        out.append(" ".join(parts).rstrip(" "))
