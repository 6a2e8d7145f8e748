"""Export use cases: the ledger as a workbook to hand out, or as a database with its history.

Each gathers what the file says about its source (the commit, uncommitted changes) and returns the
file's content or writes it outside the ledger. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..domain.ledger import Ledger
from ..errors import UsageError

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


@dataclass(frozen=True)
class Workbook:
    """An exported workbook: its bytes, how many sheets and measures it holds, where it came from."""

    data: bytes
    sheets: int
    measures: int
    provenance: str


def workbook(ledger: Ledger, today: dt.date, *, unit: str | None, by_unit: bool) -> Workbook:
    """The standard ledger workbook: all measures, one unit's, or one sheet per lead unit."""
    from ..domain.names import unit_argument
    from ..git.provenance import source_of
    from ..sheets.later import LaterRows
    from ..sheets.selection import SheetPlan, build_sheets, rows_in, tasks_rows
    from ..sheets.writer import SheetPart, WorkbookMeta, workbook_bytes
    from .forked import beside, halfway

    canonical = unit_argument(ledger, unit) if unit is not None else None
    plans = build_sheets(ledger, today, unit=canonical, by_unit=by_unit)
    later = None
    task_ids = list(ledger.index.tasks)
    # A province's one sheet: its later half of the tasks' rows written in a second process.
    half = None if canonical is not None or by_unit else halfway(ledger, task_ids)
    if half is not None:
        plans = [SheetPlan(plans[0].name, tasks_rows(ledger, today, task_ids[:half]))]
        rest = tasks_rows(ledger, today, task_ids[half:])
        later = LaterRows(rest, rows_in(ledger, task_ids[:half]), beside)
    source = source_of(ledger.root)
    meta = WorkbookMeta(
        ledger.plan.title, today, source.commit, source.dirty, f"qc-ledger {__version__}", canonical
    )
    # The rows are made as they are written: whether a unit has any is known once they are.
    data, measures = workbook_bytes(
        [SheetPart(plan.name, plan.rows) for plan in plans], meta, later
    )
    if canonical is not None and not measures:
        raise UsageError.single(
            f"{canonical} 没有牵头或配合的措施，没有可导出的内容（不写空的工作簿）",
            hint="用 ledger unit 单位名称 查看该单位的情况；导出全部措施去掉 --unit",
        )
    return Workbook(data, len(plans), measures, meta.provenance())


@dataclass(frozen=True)
class Database:
    """What an exported database holds."""

    path: Path
    measures: int
    commits: int


def database(ledger: Ledger, today: dt.date, output: Path) -> Database:
    """Write the whole ledger and every commit that changed its data as one SQLite file."""
    from ..git.provenance import source_of
    from ..render.sqlite_db import write_database
    from ..reports.export import build_export
    from .history import data_commits
    from .outputs import refuse_inside_ledger, write_by_rename

    refuse_inside_ledger(output, ledger.root)
    export = build_export(ledger, today)
    source = source_of(ledger.root)
    export["source"] = {"commit": source.commit or "", "dirty": int(source.dirty)}
    export["generator"] = f"qc-ledger {__version__}"
    commits = data_commits(ledger.root)
    write_by_rename(output, ledger.root, lambda path: write_database(path, export, commits))
    return Database(output, len(ledger.measures), len(commits))
