"""Patching task files: an update, a new measure or a new task turned into the exact new text of a file.

Every edit patches the file's round-trip document in place (through store), so comments, key order,
quoting and line layout survive and only the lines that carry the change differ; bytes the round trip
would not reproduce elsewhere in the file (trailing spaces, CRLF, a BOM) are kept as they were. Every
new text is checked as the loader checks it. Nothing is written here: the transaction writes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import typing
from dataclasses import dataclass
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import Measure, Period, Record, Task
from ..domain.validation import validate_record
from ..errors import DataError, Problem, UsageError
from ..load.filecheck import check_text
from ..store import yaml as store
from ..store.reader import read_data
from ..store.source import SourceFile
from ..store.textcheck import decode
from .untouched import finish_edit, internal_error, normalised_note
from .update_rules import MeasureUpdate, UpdateRequest, plan_update
from .values import OPTION_FOR_FIELD

SCHEMA_PREFIX = "# yaml-language-server: $schema="
_BOM = b"\xef\xbb\xbf"


@dataclass
class Edit:
    """One file to change or create: its exact bytes before (None: new), its text after, and why."""

    path: Path
    new_text: str
    old_bytes: bytes | None = None
    kind: str = "task"
    record_id: str = ""
    update: MeasureUpdate | None = None
    notes: tuple[str, ...] = ()
    # Keep the old file's BOM and CRLF line ends (an edit); False writes the canonical LF (fmt).
    keep_bytes: bool = True
    # Every measure's update when one edit changes several measures of the file (a sheet import).
    updates: tuple[MeasureUpdate, ...] = ()

    @property
    def created(self) -> bool:
        """The edit creates the file."""
        return self.old_bytes is None

    @property
    def old_text(self) -> str:
        """The text before the edit (empty for a new file)."""
        return "" if self.old_bytes is None else decode(self.old_bytes, self.path)

    @property
    def new_bytes(self) -> bytes:
        """The bytes to write: UTF-8, with the old file's BOM and line ends where it had them."""
        old = self.old_bytes if self.keep_bytes else None
        text = self.new_text
        if old is not None and b"\r\n" in old:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        return _BOM + data if old is not None and old.startswith(_BOM) else data

    @property
    def changed(self) -> bool:
        """Writing the edit would change the file."""
        return self.old_bytes != self.new_bytes

    def diff(self, root: Path) -> str:
        """A unified diff of the change, paths relative to the ledger root."""
        try:
            name = self.path.relative_to(root).as_posix()
        except ValueError:
            name = self.path.as_posix()
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                "/dev/null" if self.created else f"a/{name}",
                f"b/{name}",
            )
        )


def load_task_file(path: Path, text: str) -> tuple[Task, object]:
    """Check a task file as it is now, as the loader does; return the task and its round-trip document."""
    checked = check_text(SourceFile(path, "task", text))
    if checked.record is None:
        raise DataError(
            [
                Problem(
                    f"{path.name} 已被改动且未通过校验：{problem.message}",
                    path,
                    problem.line,
                    problem.column,
                    hint="先运行 ledger validate 修正该文件，再重试",
                    code=problem.code,
                )
                for problem in checked.problems
            ]
        )
    return typing.cast(Task, checked.record), store.parse_roundtrip(text, path)


def check_new_text(path: Path, text: str, kind: str = "task") -> Record:
    """Text about to be written must pass the loader's checks; else it is our defect, not the user's."""
    checked = check_text(SourceFile(path, kind, text))
    if checked.record is None:
        details = "；".join(problem.message for problem in checked.problems)
        raise internal_error(f"修改后的文件未通过校验（{details}），已放弃写入", path)
    return checked.record


def _measure_node(document: object, measure_id: str, path: Path) -> tuple[object, int]:
    for index, node in enumerate(document["measures"]):
        if node.get("id") == measure_id:
            return node, index
    raise DataError.single(
        f"文件中已没有措施 {measure_id}（可能刚被别人修改）",
        path=path,
        hint="重新运行命令；用 ledger show 查看当前内容",
    )


def _measure_lines(document: object, index: int, text: str) -> range:
    """0-based lines of the measure at `index`: from its `- id:` line to the next measure's."""
    measures = document["measures"]
    start = measures.lc.item(index)[0]
    end = measures.lc.item(index + 1)[0] if index + 1 < len(measures) else text.count("\n") + 1
    return range(start, end)


# Fields whose absence means "the default": unset, they leave the file rather than read null.
_DROPPED_WHEN_UNSET = frozenset({"cadence"})


def apply_update(node: object, update: MeasureUpdate) -> None:
    """Patch a measure's round-trip mapping in place."""
    order = list(Measure.model_fields)
    for change in update.changes:
        if change.new is None and change.field in _DROPPED_WHEN_UNSET:
            if change.field in node:
                del node[change.field]
            continue
        if change.field == "milestones":
            store.sync_items(node, "milestones", change.new, "date", order)
            continue
        store.set_value(node, change.field, change.new, order)
    if update.entry is not None:
        _append(node, "progress_log", update.entry, order)
    if update.deadline_change is not None:
        _append(node, "deadline_history", update.deadline_change, order)
    for item in update.evidence_added:
        _append(node, "evidence", item, order)
    if update.receipt is not None:
        _append(node, "receipts", update.receipt, order)
    if update.closing_step is not None:
        _append(node, "closing", update.closing_step, order)


def _append(node: object, key: str, item: object, order: list[str]) -> None:
    if key not in node or node[key] is None:
        store.set_value(node, key, [item], order)
    else:
        store.append_item(node[key], item)


def open_task(path: Path) -> tuple[bytes, str, Task, object, str]:
    """A task file as it is now: bytes, text, record, editable document, and its unpatched dump."""
    old = read_data(path)
    task, document = load_task_file(path, old.text)
    return old.raw, old.text, task, document, store.dump_roundtrip(document)


def update_measure(
    path: Path,
    measure_id: str,
    request: UpdateRequest,
    *,
    today: dt.date,
    author: str | None,
    period: Period,
    approval: bool = False,
) -> Edit:
    """Read the file as it is now, decide the update by the rules and patch it (call under the lock)."""
    old_bytes, old_text, task, document, baseline = open_task(path)
    measure = next((m for m in task.measures if m.id == measure_id), None)
    node, index = _measure_node(document, measure_id, path)
    update = plan_update(
        typing.cast(Measure, measure),
        request,
        today=today,
        author=author,
        period=period,
        task=task,
        approval=approval,
    )
    apply_update(node, update)
    new_text, normalised = finish_edit(
        old_text, baseline, document, _measure_lines(document, index, old_text), path
    )
    check_new_text(path, new_text)
    return Edit(path, new_text, old_bytes, "task", measure_id, update, normalised_note(normalised))


# ---------------------------------------------------------------------------------------------
# New tasks and measures


@dataclass(frozen=True)
class MeasureDraft:
    """The values of a new measure; units already canonical, each value checked on its own."""

    text: str
    lead_unit: str
    cooperating_units: tuple[str, ...] = ()
    responsible_person: str | None = None
    deadline: dt.date | None = None
    deliverable: str | None = None
    start: dt.date | None = None  # the day it was created (or --start), when after the plan's

    def record(self, measure_id: str, deadline: dt.date) -> dict:
        """The new measure with every standard field, in the files' order."""
        record = {
            "id": measure_id,
            "text": self.text,
            "lead_unit": self.lead_unit,
            "cooperating_units": list(self.cooperating_units),
            "responsible_person": self.responsible_person,
            "deadline": self.deadline or deadline,
            "deliverable": self.deliverable,
            "status": "not_started",
            "progress": 0,
            "progress_log": [],
            "evidence": [],
        }
        if self.start is not None:
            record["start"] = self.start
        return record


def start_of_new(start: dt.date, deadline: dt.date, period: Period) -> dt.date | None:
    """A new measure's own start (None when the plan's is no earlier): not after its deadline.

    So that a measure created late in the period is not behind its expected progress, nor
    unreported, on the day it is born.
    """
    if start > deadline:
        raise UsageError.single(
            f"开始日期 {start} 晚于完成时限 {deadline}",
            hint="用 --start 给出不晚于完成时限的日期，或改 --deadline",
        )
    return start if start > period.start else None


def check_deadline(deadline: dt.date, period: Period) -> None:
    """A new measure's deadline must fall within the plan's period."""
    if not period.contains(deadline):
        raise UsageError.single(
            f"完成时限 {deadline} 不在实施期 {period} 内",
            hint="改为实施期内的日期；确需超出时先按实施期末建立，再在文件中加 beyond_period: true 并修改",
        )


def _numbered(ids: list[str], prefix: str) -> int:
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    return max((int(m.group(1)) for m in map(pattern.match, ids) if m), default=0)


def next_task_id(ledger: Ledger, group_id: str) -> str:
    """The next free task id of a group (after the highest in use, files included)."""
    tasks_dir = ledger.root / "data" / "tasks"
    names = [path.stem for path in tasks_dir.rglob("*.yaml")] if tasks_dir.is_dir() else []
    return f"{group_id}-t{_numbered([*ledger.tasks, *names], f'{group_id}-t') + 1}"


def next_measure_id(task: Task) -> str:
    """The next free measure id of a task (after the highest in use)."""
    return f"{task.id}-m{_numbered([m.id for m in task.measures], f'{task.id}-m') + 1}"


def add_measure(path: Path, task_id: str, draft: MeasureDraft, *, period: Period) -> Edit:
    """Append a new measure to a task file as it is now (call under the lock): the next free id."""
    old_bytes, old_text, task, document, baseline = open_task(path)
    if task.id != task_id:
        raise DataError.single(
            f"文件中的任务编号是 {task.id}，不是 {task_id}", path=path, hint="运行 ledger validate"
        )
    measure_id = next_measure_id(task)
    deadline = draft.deadline or period.end
    check_deadline(deadline, period)
    store.append_item(document["measures"], draft.record(measure_id, deadline))
    start = document["measures"].lc.item(len(task.measures) - 1)[0]
    new_text, normalised = finish_edit(
        old_text, baseline, document, range(start, old_text.count("\n") + 1), path
    )
    check_new_text(path, new_text)
    return Edit(path, new_text, old_bytes, "task", measure_id, notes=normalised_note(normalised))


def new_task_text(
    task_id: str,
    group_id: str,
    title: str,
    measures: list[dict],
    schema: str | None,
    source: dict | None = None,
) -> str:
    """The text of a new task file in the files' layout (`schema`: its relative path, if any)."""
    fields = {"id": task_id, "group": group_id, "title": title}
    fields.update({"source": source} if source else {})
    body = store.dump_new(store.new_map({**fields, "measures": measures}))
    return (f"{SCHEMA_PREFIX}{schema}\n" if schema else "") + body


def task_folder(ledger: Ledger, group_id: str) -> Path:
    """Where a group's new task goes: beside its other tasks (a sub-folder layout), else data/tasks."""
    folders = [ledger.path_of(task.id).parent for task in ledger.tasks_of(group_id)]
    if not folders:
        return ledger.root / "data" / "tasks"
    return max(set(folders), key=folders.count)


def create_task(
    ledger: Ledger,
    group_id: str,
    title: str,
    drafts: list[MeasureDraft],
    source: dict | None = None,
) -> Edit:
    """A new task file with its measures (call under the lock): the group's next free id.

    `source`: where a supervised item comes from (none: a task of the plan).
    """
    task_id = next_task_id(ledger, group_id)
    period = ledger.plan.period
    measures = []
    for number, draft in enumerate(drafts, start=1):
        deadline = draft.deadline or period.end
        check_deadline(deadline, period)
        measures.append(draft.record(f"{task_id}-m{number}", deadline))
    path = task_folder(ledger, group_id) / f"{task_id}.yaml"
    schema_file = ledger.root / "schemas" / "task.schema.json"
    schema = os.path.relpath(schema_file, path.parent).replace(os.sep, "/")
    text = new_task_text(
        task_id, group_id, title, measures, schema if schema_file.is_file() else None, source
    )
    _, issues = validate_record("task", store.parse_fast(text, path))
    if issues:
        problems = []
        for issue in issues:
            names = [step for step in issue.loc if isinstance(step, str)]
            option = OPTION_FOR_FIELD.get(names[-1] if names else "", "")
            problems.append(
                Problem((f"{option}：" if option else "") + issue.message, hint=issue.hint)
            )
        raise UsageError(problems)
    check_new_text(path, text)
    return Edit(path, text, None, "task", task_id)
