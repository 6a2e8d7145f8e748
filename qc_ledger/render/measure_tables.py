"""The measure table of `list`, `unit` and `show`: two-line rows fitted to the terminal's width.

Laid out by Rich, or — without colour, where the lines are the same — written directly, so that a
listing of tens of thousands of measures costs microseconds a row rather than a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ..domain.lazy import collector_paused
from ..reports.table_rows import DASH, TableRow
from ..vocabulary import LIGHT_WORDS, OVERDUE, PACE_LABELS, SOURCE_KIND, STATUS_LABELS
from .cells import cell_len, cut_sized
from .cells import cut as clip
from .cjk import ambiguous_wide, for_terminal, plain
from .plain_tables import Column, cut_line
from .quick_table import NOT_HERE, quick_chunks
from .terminal import _plain_table, light_text

if TYPE_CHECKING:
    from ..reports.listing import MeasureRow


def _flags_text(row: MeasureRow) -> Text:
    text = Text()
    for index, word in enumerate(row.flags()):
        if index:
            text.append("\n")
        style = "bold red" if word.startswith((OVERDUE, PACE_LABELS["far_behind"])) else "yellow"
        text.append(word, style=style)
    return text


def _status_line(row: MeasureRow) -> str:
    return f"{row.status_label} {row.progress}%"


def _two(first: str | Text, second: str, *, dim: int = 0) -> Text:
    """Two lines in one cell (each cut to the column on its own); `dim` names a line to fade."""
    text = Text()
    text.append(first if isinstance(first, Text) else plain(first, style="dim" if dim == 1 else ""))
    text.append("\n")
    text.append(plain(second, style="dim" if dim == 2 else ""))
    return text


def _id_header(rows: list[TableRow]) -> str:
    """Items show their source under the id, plan measures their group."""
    return f"编号\n工作组/{SOURCE_KIND}" if any(map(attrgetter("item"), rows)) else "编号\n工作组"


def table_row(row: MeasureRow) -> TableRow:
    """What the table shows of a listed row."""
    return TableRow(
        row.light, row.id, row.place, row.task_title, row.text, row.lead_unit,
        row.lead_unit_short, row.responsible_person or DASH, row.deadline.isoformat(),
        row.status, row.progress, tuple(row.flags()), row.kind != "plan",
    )  # fmt: skip


def fit_name(full: str, short: str, width: int) -> str:
    """A unit's full name when it fits the column, else its short name (as `cjk.fit_name`)."""
    return full if cell_len(full) <= width else clip(short, width)


def _layout(rows: list[TableRow], width: int, role: dict[str, str] | None) -> dict:
    """The widths of the measure table's columns, and each row's unit as it fits its column."""
    measure = _Widths().__getitem__  # a table repeats its places, units, people and flags

    def widest(values, floor: int) -> int:
        return max([floor, *map(measure, values)])

    budget = 16 if width < 100 else 24
    fitted: dict[tuple[str, str], str] = {}
    units = []
    for row in rows:
        key = (row.lead_unit, row.lead_unit_short)
        name = fitted.get(key)
        if name is None:
            name = fitted[key] = fit_name(
                row.lead_unit, row.lead_unit_short or row.lead_unit, budget
            )
        units.append(name)
    # Each distinct value measured once: a province repeats its places, units, people and states.
    people = {row.person for row in rows}
    states = {(row.status, row.progress) for row in rows}
    sizes = {
        # The header counts too: 工作组/来源 is wider than most ids.
        "id": max(
            widest([*_id_header(rows).split("\n"), *{row.place for row in rows}], 6),
            _widest_id([row.id for row in rows]),
        ),
        "unit": min(budget, widest([*set(units), *people], 8)),
        "date": widest([f"{STATUS_LABELS[key]} {progress}%" for key, progress in states], 10),
        "flag": widest({word for row in rows for word in row.flags}, 4),
    }
    fixed = [2, *sizes.values()] + ([6] if role is not None else [])
    sizes["text"] = max(12, width - sum(fixed) - len(fixed))
    sizes["units"] = units
    return sizes


def _widest_id(ids: list[str]) -> int:
    """The cells the widest id takes: its length when every id is printable ASCII, as ids are."""
    every = "".join(ids)  # printable ASCII as a whole when each is (both hold of each character)
    if every.isascii() and every.isprintable():
        return max(map(len, ids), default=0)
    return max(map(cell_len, ids), default=0)


class _Widths(dict):
    """Texts' widths, each counted once."""

    def __missing__(self, line: str) -> int:
        size = self[line] = cell_len(line)
        return size


def measures_table(
    rows: list[MeasureRow], width: int, *, role: dict[str, str] | None = None
) -> Table:
    """Measures in two-line rows: id over group, task over text, unit over person, date over status.

    Every column but the text one is as wide as its content; the text column gets what is left
    of `width`, so the table fits and long text is cut with an ellipsis.
    """
    shown = [table_row(row) for row in rows]
    sizes = _layout(shown, width, role)
    id_width, unit_width, text_width = sizes["id"], sizes["unit"], sizes["text"]
    table = _plain_table()
    table.add_column("灯", no_wrap=True, min_width=2)
    table.add_column(_id_header(shown), no_wrap=True, overflow="ellipsis", min_width=id_width)
    if role is not None:
        table.add_column("本单位", no_wrap=True, min_width=6)
    table.add_column("任务\n措施", no_wrap=True, overflow="ellipsis", max_width=text_width)
    table.add_column("牵头单位\n责任人", no_wrap=True, overflow="ellipsis", max_width=unit_width)
    table.add_column("完成时限\n状态", no_wrap=True, min_width=sizes["date"])
    table.add_column("提示", no_wrap=True, min_width=sizes["flag"])
    for row, unit in zip(rows, sizes["units"], strict=True):
        cells = [
            light_text(row.light),
            _two(row.id, row.place, dim=2),
            _two(clip(row.task_title, text_width), clip(row.text, text_width), dim=1),
            _two(clip(unit, unit_width), clip(row.responsible_person or DASH, unit_width)),
            _two(row.deadline.isoformat(), _status_line(row)),
            _flags_text(row),
        ]
        if role is not None:
            cells.insert(2, role[row.id])
        table.add_row(*cells)
    return table


def measures_plain(
    rows: list[MeasureRow], width: int, *, role: dict[str, str] | None = None
) -> str | None:
    """The measure table as `measures_table` prints it without colour, laid out directly."""
    chunks = measures_plain_chunks(rows, width, role=role)
    return None if chunks is None else "".join(chunks)


def measures_plain_chunks(
    rows: list[MeasureRow], width: int, *, role: dict[str, str] | None = None
) -> Iterator[str] | None:
    """`measures_plain`'s text in pieces as they are written (None when it needs shrinking)."""
    # A province's cells all live until the table is written: the cyclic collector, walking them
    # again and again as they pile up, would cost more than laying them out.
    with collector_paused():
        return _chunks([table_row(row) for row in rows], width, role)


def table_plain_chunks(rows: list[TableRow], width: int) -> Iterator[str] | None:
    """`measures_plain_chunks` of rows given as the table shows them."""
    with collector_paused():
        # Rows of one-line cells, as a listing's mostly are, written a line at a time.
        quick = quick_chunks(rows, width, _layout(rows, width, None), _id_header(rows))
        return _chunks(rows, width, None) if quick is NOT_HERE else quick


def _chunks(rows: list[TableRow], width: int, role: dict[str, str] | None) -> Iterator[str] | None:
    sizes = _layout(rows, width, role)
    unit_width, text_width = sizes["unit"], sizes["text"]
    columns = [
        Column("灯", min_width=2),
        Column(_id_header(rows), min_width=sizes["id"]),
        *([Column("本单位", min_width=6)] if role is not None else []),
        Column("任务\n措施", max_width=text_width),
        Column("牵头单位\n责任人", max_width=unit_width),
        Column("完成时限\n状态", min_width=sizes["date"]),
        Column("提示", min_width=sizes["flag"]),
    ]
    wide = ambiguous_wide()
    shown = _Shown(wide)
    seen, fit = shown.seen.__getitem__, shown.fit
    # Each title, unit, person and status cut and measured once: a province repeats them.
    titles = _Seen(lambda title: fit(title, text_width)).__getitem__
    units = _Seen(lambda name: fit(name, unit_width)).__getitem__
    statuses = _Seen(lambda key: _counted(f"{STATUS_LABELS[key[0]]} {key[1]}%")).__getitem__
    lights = {None: ((DASH, 1),), **{key: seen(word) for key, word in LIGHT_WORDS.items()}}
    no_flag = (("", 0),)
    cells = [
        [
            lights[row.light],
            shown.lines(row.id) + seen(row.place),
            titles(row.task_title) + fit(row.text, text_width),
            units(unit) + units(row.person),
            ((row.deadline, 10), *statuses((row.status, row.progress))),
            tuple(line for word in row.flags for line in seen(word)) if row.flags else no_flag,
        ]
        for row, unit in zip(rows, sizes["units"], strict=True)
    ]
    if role is not None:
        for row, line in zip(rows, cells, strict=True):
            line.insert(2, seen(role[row.id]))
    return _laid(columns, cells, width, "-" if wide else "─", wide)


# A cell is its lines as shown, each with the cells it takes: (("p1-t1-m1", 8), ("合成1", 5)).
Cell = tuple[tuple[str, int], ...]


class _Shown:
    """Texts as a table shows them (made visible, split into lines, each with its width); the
    values a table repeats — places, units, people, flags — each made once."""

    def __init__(self, wide: bool):
        self.wide = wide
        self.seen = _Seen(self.lines)

    def lines(self, text: str) -> Cell:
        """The text's lines as a terminal shows them, each with its width."""
        # Printable text has no line break and nothing to escape: it is shown as it is.
        if text.isprintable() and not self.wide:
            return ((text, cell_len(text)),)
        return _counted(for_terminal(text))

    def fit(self, text: str, width: int) -> Cell:
        """`lines(clip(text, width))`, the text's characters measured once."""
        if text.isprintable() and not self.wide:
            return (cut_sized(text, width),)
        return self.lines(clip(text, width))


class _Seen(dict):
    """Each text's (or key's) cell, made once."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key) -> Cell:
        cell = self[key] = self.make(key)
        return cell


def _counted(text: str) -> Cell:
    return tuple((line, cell_len(line)) for line in text.split("\n"))


def _written(columns: list[Column], rows: list[list[str]], width: int, rule: str,
             wide: bool) -> Iterator[str] | None:  # fmt: skip
    """What `plain_tables.layout` gives of these left-aligned columns (cells as text), in pieces;
    None when the columns do not fit the width."""
    return _laid(columns, [[_counted(cell) for cell in row] for row in rows], width, rule, wide)


def _laid(columns: list[Column], rows: list[list[Cell]], width: int, rule: str,
          wide: bool) -> Iterator[str] | None:  # fmt: skip
    """`_written` of cells already measured."""
    headers = [column.header.split("\n") for column in columns]
    widths = [max(column.min_width, *map(cell_len, lines)) for column, lines in
              zip(columns, headers, strict=True)]  # fmt: skip
    for row in rows:
        for at, cell in enumerate(row):
            for _line, size in cell:
                if size > widths[at]:
                    widths[at] = size
    # Where no column is narrowed below its widest line, no line is cut: each is only padded.
    fitting = True
    for at, column in enumerate(columns):
        if column.max_width is not None and widths[at] > column.max_width:
            widths[at] = column.max_width
            fitting = False
    if sum(widths) + len(widths) - 1 > width:
        return None
    return _lines(headers, rows, widths, rule, wide, _padded if fitting else _block)


def _lines(headers: list[list[str]], rows: list, widths: list[int], rule: str,
           wide: bool, block) -> Iterator[str]:  # fmt: skip
    tall = max(map(len, headers))
    header = [_counted("\n".join([""] * (tall - len(lines)) + lines)) for lines in headers]
    out = _block([header], widths)
    out.append((rule * (sum(widths) + len(widths) - 1)).rstrip(" "))
    for start in range(0, len(rows), _BATCH):
        with collector_paused():
            out.extend(block(rows[start : start + _BATCH], widths))
        text = "\n".join(out) + "\n"
        out = []
        yield text.replace("…", "⋯") if wide else text


_BATCH = 2048  # rows written at a time: a province's table is never held whole as text


def _block(rows: list[list[Cell]], widths: list[int]) -> list[str]:
    """The lines of these rows, each row as tall as its tallest cell."""
    out = []
    pads = [" " * size for size in range(max(widths, default=0) + 1)]
    for row in rows:
        for number in range(max(map(len, row))):
            parts = []
            for cell, width in zip(row, widths):  # noqa: B905 (as many cells as columns)
                if number >= len(cell):
                    parts.append(pads[width])
                    continue
                line, size = cell[number]
                if size > width:
                    line = cut_line(line, width)
                    parts.append(line + " " * (width - cell_len(line)))
                else:
                    parts.append(line + pads[width - size])
            out.append(" ".join(parts).rstrip(" "))
    return out


def _padded(rows: list[list[Cell]], widths: list[int]) -> list[str]:
    """`_block` of rows none of whose lines is wider than its column: each line only padded."""
    out = []
    pads = [" " * size for size in range(max(widths, default=0) + 1)]
    blanks = [pads[width] for width in widths]
    columns = list(zip(widths, blanks, strict=True))
    for row in rows:
        for number in range(max(map(len, row))):
            out.append(" ".join([
                (line := cell[number])[0] + pads[width - line[1]] if number < len(cell) else blank
                for cell, (width, blank) in zip(row, columns)  # noqa: B905 (a cell a column)
            ]).rstrip(" "))  # fmt: skip
    return out
