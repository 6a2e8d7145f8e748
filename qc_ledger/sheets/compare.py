"""What a filled-in workbook asks of the ledger: a three-way comparison of base, sheet and ledger.

For every cell a unit may edit: unchanged from the exported base → nothing; changed while the ledger
still holds the base value → an update; changed in the ledger meanwhile too → a conflict, never an
overwrite. Every refusal names its sheet, row and column. Pure: reads nothing, never prints.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from ..domain.ledger import Ledger
from ..domain.models import status_value
from ..edit.update_rules import ConfirmationNeeded, UpdateRequest, plan_update
from ..errors import DataError, LedgerError, Problem
from ..reports.listing import measure_row
from ..vocabulary import STATUS_LABELS
from .layout import (
    BY_KEY,
    LATER,
    base_keys_known,
    comparable,
    fingerprint,
    letter,
    row_values,
    shortened,
)
from .reader import Cell, ReadSheet, ReadWorkbook
from .typed import date_of, progress_of

FIELD_OF = {
    "status": "status",
    "progress": "progress",
    "note": "note",
    "responsible_person": "person",
    "responsible_leader": "leader",
    "deliverable": "deliverable",
    "problems": "problems",
    "next_steps": "next_steps",
}


@dataclass(frozen=True)
class Where:
    """A cell: sheet, row and column (letter and header)."""

    sheet: str
    row: int
    column: int
    key: str

    def __str__(self) -> str:
        header = BY_KEY[self.key].header
        sheet = shortened(self.sheet, 31)
        return f"工作表“{sheet}”第 {self.row} 行 {letter(self.column)} 列（{header}）"

    @property
    def cell(self) -> str:
        """`台账!L4`, as a spreadsheet names a cell."""
        return f"{self.sheet}!{letter(self.column)}{self.row}"


@dataclass(frozen=True)
class CellChange:
    """One cell the unit changed, with the value exported and the ledger's value now."""

    measure_id: str
    where: Where
    base: str
    sheet: str
    now: str


@dataclass
class ImportPlan:
    """The updates a workbook asks for, what conflicts with the ledger, and what is refused."""

    commit: str | None
    as_of: str
    rows: int = 0
    changes: list[CellChange] = field(default_factory=list)
    conflicts: list[CellChange] = field(default_factory=list)
    meanwhile: list[CellChange] = field(default_factory=list)
    refusals: list[Problem] = field(default_factory=list)
    requests: dict[str, UpdateRequest] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # measures with a refused cell
    origin: str = ""  # where the base compared with came from, to tell the user
    unit: str | None = None  # the unit the workbook was exported for

    @property
    def refused_ids(self) -> set[str]:
        """Measures with a refused or conflicting cell."""
        return self.refused | {c.measure_id for c in self.conflicts}

    def applicable(self) -> dict[str, UpdateRequest]:
        """The updates of the measures nothing was refused for."""
        refused = self.refused_ids
        return {k: v for k, v in self.requests.items() if k not in refused}


def _bad(plan: ImportPlan, path, where: Where | str, message: str, hint: str, record="") -> None:
    plan.refusals.append(Problem(f"{where}：{message}", path, hint=hint))
    if record:
        plan.refused.add(record)


@dataclass(frozen=True)
class Claim:
    """What a workbook's hidden base says of its origin: to be checked against git, not trusted."""

    commit: str | None
    as_of: str
    unit: str | None  # exported for this unit's measures only; None: all measures
    clean: bool  # exported from a commit with no uncommitted changes (older exports: unknown)
    rows: dict[str, dict[str, str]]  # the base's rows by measure id, as the workbook holds them


def check_base(book: ReadWorkbook) -> Claim:
    """The exported base is intact: its marker, its columns and its checksum; else refuse it."""
    head = [*book.base_head, "", "", "", "", "", "", ""]
    keys = [key for key in book.base_keys if key]
    commit, as_of, unit = head[1] or None, head[2], head[5]
    intact = (
        head[0] == "qc-ledger-base"
        and base_keys_known(keys)
        and head[3] == fingerprint(commit, as_of, book.base, unit)
    )
    if not intact:
        raise DataError.single(
            f"{book.path.name} 的隐藏底稿被改动过或不完整，无法判断表中改了什么",
            path=book.path,
            hint="用 ledger export --format xlsx 重新导出一份，把改动填到新表中",
        )
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in book.base}
    return Claim(commit, as_of, unit or None, head[6] == "clean", rows)


def _sheet_value(key: str, cell: Cell, near: dt.date) -> tuple[str | None, str | None]:
    """The cell as the comparable text of its column, or (None, why) when it cannot be read."""
    value = cell.value
    if cell.formula:
        return None, "这里是公式，导入只接受数值或文字"
    if key == "progress":
        return progress_of(value, cell.number_format)
    if key == "status":
        text = comparable(value)
        found = status_value(text)
        if found is None:
            labels = list(STATUS_LABELS.values())
            near = difflib.get_close_matches(text[:20], labels, n=1, cutoff=0.3)
            return None, f"状态“{shortened(text)}”不是可选的状态" + (
                f"（是不是“{near[0]}”？）" if near else ""
            )
        return STATUS_LABELS[found], None
    if key == "deadline" and isinstance(value, str) and value.strip():
        return date_of(value, near)
    return comparable(value), None


def _near(exported: dict[str, str], today: dt.date) -> dt.date:
    """The date a date typed without its year is most likely near: the exported deadline."""
    try:
        return dt.date.fromisoformat(exported.get("deadline", ""))
    except ValueError:
        return today


def _ledger_values(ledger: Ledger, measure_id: str, today: dt.date) -> dict[str, str]:
    task, measure = ledger.measures[measure_id]
    row = measure_row(ledger, ledger.groups[task.group], task, measure, today)
    return {key: comparable(value) for key, value in row_values(row).items()}


def _unknown_id(ledger: Ledger, text: str, unit: str | None) -> tuple[str, str]:
    if not text:
        return "编号为空", "每行的“编号”列须保留导出时的措施编号；新增措施用 ledger new"
    if text in ledger.measures and unit:
        return (
            f"措施 {text} 不在这份表格导出的范围内（导出给{unit}，只能改它牵头或配合的措施）",
            "删去这一行；其他单位的措施由其单位填报",
        )
    if text in ledger.measures:
        return (
            f"措施 {text} 不在这份表格导出时的底稿中",
            "不要在表中增加行；重新导出一份含这项措施的表格",
        )
    near = difflib.get_close_matches(text[:64].lower(), list(ledger.measures), n=3, cutoff=0.5)
    hint = f"最接近的编号：{'、'.join(near)}" if near else "编号列须保留导出时的措施编号"
    return f"没有编号为“{shortened(text)}”的措施", hint


def _note_of(base: str, sheet: str) -> str:
    """The new progress note: what was added to the old text, or the whole new text."""
    if base and sheet.startswith(base) and len(sheet) > len(base):
        return sheet[len(base) :].strip(" \n；;。，,") or sheet
    return sheet


def plan_import(
    ledger: Ledger,
    book: ReadWorkbook,
    today: dt.date,
    claim: Claim,
    base: dict[str, dict[str, str]],
    origin: str,
) -> ImportPlan:
    """Compare every sheet row with the base (read from git) and the ledger now; decide the updates."""
    if not book.sheets:
        raise DataError.single(
            f"{book.path.name} 中没有含“编号”列的工作表（表头可能被改动或删除了）",
            path=book.path,
            hint="表头须保留导出时的列名（编号、进度、状态……）；或重新导出一份填写",
        )
    plan = ImportPlan(claim.commit, claim.as_of, origin=origin, unit=claim.unit)
    seen: dict[str, Where] = {}
    for sheet in book.sheets:
        for number, cells in sheet.rows:
            plan.rows += 1
            _plan_row(plan, ledger, book, sheet, number, cells, base, seen, today)
    for measure_id, request in list(plan.requests.items()):
        if measure_id in plan.refused_ids:
            continue
        task, measure = ledger.measures[measure_id]
        try:
            plan_update(
                measure,
                request,
                today=today,
                author=None,
                period=ledger.plan.period,
                task=task,
                approval=ledger.rules.closing.approval,
            )
        except ConfirmationNeeded as question:
            _refuse_request(plan, book, measure_id, question.question, question.hint)
        except LedgerError as exc:
            for problem in exc.problems:
                _refuse_request(plan, book, measure_id, problem.message, problem.hint or "")
    return plan


def _refuse_request(plan: ImportPlan, book, measure_id: str, message: str, hint: str) -> None:
    where = next((c.where for c in plan.changes if c.measure_id == measure_id), None)
    at = (
        f"工作表“{shortened(where.sheet, 31)}”第 {where.row} 行（{measure_id}）"
        if where
        else measure_id
    )
    _bad(plan, book.path, at, message, hint, measure_id)


def _plan_row(plan, ledger, book, sheet: ReadSheet, number, cells, base, seen, today) -> None:
    id_where = Where(sheet.name, number, sheet.columns["id"], "id")
    measure_id = comparable(cells["id"].value)
    if measure_id not in base or measure_id not in ledger.measures:
        message, hint = _unknown_id(ledger, measure_id, plan.unit)
        _bad(plan, book.path, id_where, message, hint, measure_id)
        return
    if measure_id in seen:
        _bad(
            plan,
            book.path,
            id_where,
            f"措施 {measure_id} 在 {seen[measure_id]} 已出现过",
            "每项措施只保留一行；删去重复的一行",
            measure_id,
        )
        return
    seen[measure_id] = id_where
    exported, now = base[measure_id], _ledger_values(ledger, measure_id, today)
    asked: dict[str, object] = {}
    for key, column in sheet.columns.items():
        role = BY_KEY[key].role
        if role == "derived" or key == "id":
            continue
        where = Where(sheet.name, number, column, key)
        value, why = _sheet_value(key, cells[key], _near(exported, today))
        if value is None:
            _bad(plan, book.path, where, why or "", _hint(key), measure_id)
            continue
        old = exported.get(key, "")
        if value == old:
            if now[key] != old:
                plan.meanwhile.append(CellChange(measure_id, where, old, value, now[key]))
            continue
        if role == "stored":
            hint = (
                '调整完成时限须说明理由：由统筹办运行 ledger update 编号 --deadline 日期 --reason "理由"'
                if key == "deadline"
                else "这一列由台账生成，请改回原值；确需修改的向统筹办提出"
            )
            _bad(
                plan,
                book.path,
                where,
                f"不能在表格中修改（导出时为“{shortened(old)}”，表中为“{shortened(value)}”）",
                hint,
                measure_id,
            )
            continue
        change = CellChange(measure_id, where, old, value, now[key])
        if now[key] == value:
            continue  # the ledger already says so
        if now[key] != old:
            plan.conflicts.append(change)
            continue
        if key in ("responsible_person", "responsible_leader", "deliverable", *LATER) and not value:
            _bad(
                plan,
                book.path,
                where,
                "不能在表格中清空已有的内容",
                "填写新的内容，或保留原值",
                measure_id,
            )
            continue
        plan.changes.append(change)
        asked[key] = _request_value(key, old, value)
    if asked:
        plan.requests[measure_id] = UpdateRequest(**{FIELD_OF[k]: v for k, v in asked.items()})


def _request_value(key: str, old: str, value: str) -> object:
    if key == "status":
        return status_value(value)
    if key == "progress":
        return int(value)
    if key == "note":
        return _note_of(old, value)
    return value


def _hint(key: str) -> str:
    return {
        "progress": "填 0 到 100 的整数，如 40",
        "deadline": "完成时限写作 2024-06-30；调整须由统筹办用 ledger update --deadline --reason",
        "status": "从下拉列表中选择：" + "、".join(STATUS_LABELS.values()),
    }.get(key, "填写文字，不要用公式")


def conflict_problems(plan: ImportPlan) -> list[Problem]:
    """Each conflict as a refusal: the ledger changed the cell after the export, so it is kept."""
    return [
        Problem(
            f"{c.where}：导出后台账中已改为“{shortened(c.now)}”（导出时为“{shortened(c.base)}”，"
            f"表中填的是“{shortened(c.sheet)}”），"
            "没有覆盖",
            hint="与改动的人核对后，在新导出的表格中重新填写；或加 --partial 先导入其余的修改",
        )
        for c in plan.conflicts
    ]
