"""`ledger units`: the registry as a table, one row a unit, its aliases on the lines below its name.

A province's registry is tens of thousands of units: without colour the table is laid out directly
(plain_tables.py), the same lines Rich prints, without Rich's cost per cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .cjk import ambiguous_wide, for_terminal, say
from .measure_tables import DASH
from .plain_tables import Column, layout
from .terminal import _plain_table

if TYPE_CHECKING:  # only for annotations: the command imports the report it renders
    from ..reports.unit import UnitsReport

_HEADERS = ("单位\n  别名", "类别", "工作组", "牵头", "配合", "逾期", "联系人")
_MIN_WIDTHS = (0, 12, 6, 4, 4, 4, 6)
_RIGHT = (False, False, True, True, True, True, False)


def _cells(unit) -> list[str]:
    """A unit's cells as plain text (lines joined by newlines), each shown literally."""
    name = "\n".join([unit.name, *(f"  {alias}" for alias in unit.aliases)])
    contact = "\n".join(v for v in (unit.contact_name, unit.contact_phone) if v) or DASH
    counts = (len(unit.groups), unit.lead_measures, unit.cooperating_measures, unit.overdue)
    return [for_terminal(cell) for cell in (name, unit.kind, *map(str, counts), contact)]


def units_table(report: UnitsReport) -> Table:
    """The registry: one row per unit (its aliases on the lines below its name) with counts."""
    table = _plain_table()
    for header, least, right in zip(_HEADERS, _MIN_WIDTHS, _RIGHT, strict=True):
        table.add_column(
            header,
            justify="right" if right else "left",
            no_wrap=header != _HEADERS[0],
            overflow="fold" if header == _HEADERS[0] else "ellipsis",
            min_width=least or None,
        )
    for unit in report.units:
        cells = [Text(cell) for cell in _cells(unit)]  # already shown literally: never markup
        first, _, aliases = cells[0].plain.partition("\n")
        cells[0] = Text(first)
        if aliases:
            cells[0].append("\n" + aliases, style="dim")
        if unit.overdue:
            cells[5].stylize("bold red")
        table.add_row(*cells)
    return table


def units_plain(report: UnitsReport, width: int) -> str | None:
    """The registry table as `units_table` prints it without colour, laid out directly (None when
    it does not fit the width: Rich then folds and shrinks it)."""
    columns = [
        Column(header, min_width=least, right=right)
        for header, least, right in zip(_HEADERS, _MIN_WIDTHS, _RIGHT, strict=True)
    ]
    rows = [_cells(unit) for unit in report.units]
    if any("\t" in cell for row in rows for cell in row):
        return None  # Rich expands a tab to its stops
    return layout(columns, rows, width, rule="-" if ambiguous_wide() else "─")


def print_units(console: Console, report: UnitsReport) -> None:
    """The registry table, a count and what the numbers mean."""
    text = units_plain(report, console.width) if console.color_system is None else None
    if text is not None:
        console.file.write(text)
    else:
        console.print(units_table(report))
    say(console, f"共 {len(report.units)} 个单位（统计日期 {report.today.isoformat()}）。")
    say(console, "缩进的是别名。工作组＝所在（牵头或成员）的工作组数；牵头、配合＝措施数；")
    say(console, "逾期＝牵头或配合的措施中逾期的项数。")
