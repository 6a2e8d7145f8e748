"""Which measures go on which sheet of an exported workbook: all on one, one unit's, or one per unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.ledger import Ledger
from ..reports.listing import MeasureRow, measure_row
from .layout import COMPARED, SHEET_NAME, comparable, row_values


@dataclass(frozen=True)
class SheetPlan:
    """One sheet: its name and its measures as listed."""

    name: str
    rows: list[MeasureRow]

    def values(self) -> list[tuple[dict[str, object], str | None, bool]]:
        """Each measure's cells by column key, its light and whether it is overdue."""
        return [(row_values(row), row.light, row.overdue) for row in self.rows]


def _rows(ledger: Ledger, today: dt.date) -> list[MeasureRow]:
    return [measure_row(ledger, *found, today) for found in ledger.iter_measures()]


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "表"
    candidate, number = clean, 2
    while candidate in taken:
        candidate = f"{clean[:28]}({number})"
        number += 1
    taken.add(candidate)
    return candidate


def build_sheets(
    ledger: Ledger, today: dt.date, *, unit: str | None = None, by_unit: bool = False
) -> list[SheetPlan]:
    """All measures on one sheet, a unit's (lead or cooperating), or one sheet per lead unit."""
    rows = _rows(ledger, today)
    if unit is not None:
        rows = [row for row in rows if unit == row.lead_unit or unit in row.cooperating_units]
        return [SheetPlan(_sheet_name(ledger.registry.short(unit), set()), rows)]
    if not by_unit:
        return [SheetPlan(SHEET_NAME, rows)]
    taken: set[str] = set()
    grouped: dict[str, list[MeasureRow]] = {}
    for row in rows:
        grouped.setdefault(row.lead_unit, []).append(row)
    return [
        SheetPlan(_sheet_name(ledger.registry.short(name), taken), members)
        for name, members in grouped.items()
    ]


def exported_values(ledger: Ledger, as_of: dt.date, unit: str | None) -> dict[str, dict[str, str]]:
    """Each measure an export for `unit` (all when None) holds, as the import compares its cells."""
    return {
        values["id"]: {column.key: comparable(values.get(column.key)) for column in COMPARED}
        for plan in build_sheets(ledger, as_of, unit=unit)
        for values, _light, _overdue in plan.values()
    }
