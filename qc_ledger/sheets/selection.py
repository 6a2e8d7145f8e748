"""Which measures go on which sheet of an exported workbook: all on one, one unit's, or one per unit.

Rows are made as they are written, task by task: a province's records are never all held at once.
A workbook of one sheet per unit holds each row, as JSON, in a temporary file until its sheet's turn
(never pickle: nothing read back from disk may run code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..domain.ledger import Ledger
from ..domain.timeliness import expected_progress
from ..reports.listing import each_row
from .layout import COMPARED, SHEET_NAME, comparable, row_values

# One row of a sheet: its cells by column key, its light and whether it is overdue.
SheetRow = tuple[dict[str, object], str | None, bool]


@dataclass(frozen=True)
class SheetPlan:
    """One sheet: its name and its rows, made when read (once)."""

    name: str
    rows: Iterable[SheetRow]


def _rows(
    ledger: Ledger, today: dt.date, unit: str | None, task_ids: Iterable[str] | None = None
) -> Iterator[tuple[str, SheetRow]]:
    """Each measure's lead unit and row, in plan order; only `unit`'s (lead or cooperating) if given,
    only those of `task_ids` if given.

    Rows come from the tasks' digests and cached row data where the cache has them, so a province's
    plan measures are written without a record rebuilt."""
    canonical = ledger.registry.canonical
    period = ledger.plan.period

    def units(measure) -> bool:
        return canonical(measure.lead_unit) == unit or any(
            unit == canonical(name) for name in measure.cooperating_units
        )

    for row, measure in each_row(ledger, today, None if unit is None else units, task_ids):
        expected = expected_progress(measure, period, today)
        yield row.lead_unit, (row_values(row, expected), row.light, row.overdue)


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "表"
    candidate, number = clean, 2
    while candidate in taken:
        candidate = f"{clean[:28]}({number})"
        number += 1
    taken.add(candidate)
    return candidate


def _only_rows(found: Iterable[tuple[str, SheetRow]]) -> Iterator[SheetRow]:
    for _lead, row in found:
        yield row


def build_sheets(
    ledger: Ledger, today: dt.date, *, unit: str | None = None, by_unit: bool = False
) -> list[SheetPlan]:
    """All measures on one sheet, a unit's (lead or cooperating), or one sheet per lead unit."""
    if unit is not None:
        name = _sheet_name(ledger.registry.short(unit), set())
        return [SheetPlan(name, _only_rows(_rows(ledger, today, unit)))]
    if not by_unit:
        return [SheetPlan(SHEET_NAME, _only_rows(_rows(ledger, today, None)))]
    spool = _Spool()
    for lead, row in _rows(ledger, today, None):
        spool.add(lead, row)
    taken: set[str] = set()
    return [
        SheetPlan(_sheet_name(ledger.registry.short(name), taken), spool.reader(name))
        for name in spool
    ]


def tasks_rows(ledger: Ledger, today: dt.date, task_ids: list[str]) -> Iterable[SheetRow]:
    """The rows of these tasks' measures on the sheet of all measures, made when read."""
    return _Rows(lambda: _only_rows(_rows(ledger, today, None, task_ids)))


def rows_in(ledger: Ledger, task_ids: Iterable[str]) -> int:
    """How many rows these tasks give the sheet of all measures: one a measure."""
    tasks = ledger.index.tasks
    return sum(len(tasks[task_id].measures) for task_id in task_ids)


class _Spool:
    """Rows kept by key in a temporary file, each read back by its place (os.pread) in key order."""

    def __init__(self) -> None:
        import tempfile

        # Deleted when closed, which the garbage collector does once the sheets are written.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._places: dict[str, list[tuple[int, int]]] = {}
        self._end = 0

    def add(self, key: str, row: SheetRow) -> None:
        import json

        data = json.dumps(row, ensure_ascii=False, default=_tagged).encode("utf-8")
        self._file.write(data)
        self._places.setdefault(key, []).append((self._end, len(data)))
        self._end += len(data)

    def __iter__(self) -> Iterator[str]:
        """The keys in the order they were first added."""
        return iter(list(self._places))

    def reader(self, key: str) -> Iterable[SheetRow]:
        """The rows of one key, in the order they were added (read when iterated)."""
        return _Rows(lambda: self._read(key))

    def _read(self, key: str) -> Iterator[SheetRow]:
        import json
        import os

        self._file.flush()
        descriptor = self._file.fileno()
        for offset, length in self._places[key]:
            cells, light, overdue = json.loads(
                os.pread(descriptor, length, offset), object_hook=_untagged
            )
            yield cells, light, overdue


def _tagged(value: object) -> dict:
    """A date (or a moment) as JSON: an object of one tagged key, which no cell value is."""
    if isinstance(value, dt.datetime):
        return {"$moment": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"a cell of type {type(value).__name__} cannot be spooled")


def _untagged(data: dict) -> object:
    if len(data) == 1:
        if "$date" in data:
            return dt.date.fromisoformat(data["$date"])
        if "$moment" in data:
            return dt.datetime.fromisoformat(data["$moment"])
    return data


@dataclass(frozen=True)
class _Rows:
    """An iterable whose iterator is made on demand."""

    make: Callable[[], Iterator[SheetRow]]

    def __iter__(self) -> Iterator[SheetRow]:
        return self.make()


def exported_values(ledger: Ledger, as_of: dt.date, unit: str | None) -> dict[str, dict[str, str]]:
    """Each measure an export for `unit` (all when None) holds, as the import compares its cells."""
    return {
        values["id"]: {column.key: comparable(values.get(column.key)) for column in COMPARED}
        for plan in build_sheets(ledger, as_of, unit=unit)
        for values, _light, _overdue in plan.rows
    }
