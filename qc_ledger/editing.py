"""Changing the ledger's files: the update rules for a measure, new tasks and measures, and `fmt`.

Every edit patches the file's round-trip document in place (through store), so comments, key order,
quoting and line layout survive and only the lines that carry the change differ. Every new text is
checked like the loader checks it before it is written. Reads and writes only through store; never
prints or exits.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .errors import DataError, LedgerError, Problem, UsageError
from .ledger import Ledger, natural_key
from .models import (
    CLOSED_STATUSES,
    FIELD_LABELS,
    MODEL_FOR_KIND,
    STATUS_LABELS,
    Measure,
    Period,
    Record,
    Task,
    known_field_names,
    models_in,
    status_value,
    validate_record,
)

OPTION_FOR_FIELD = {
    "status": "--status",
    "progress": "--progress",
    "note": "--note",
    "author": "--author",
    "responsible_person": "--person",
    "deadline": "--deadline",
    "reason": "--reason",
    "deliverable": "--deliverable",
    "evidence": "--evidence",
    "text": "--text",
    "title": "--title",
    "lead_unit": "--lead-unit",
    "cooperating_units": "--cooperating-unit",
}
STATUS_CHOICES = "、".join(f"{value}（{label}）" for value, label in STATUS_LABELS.items())
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/task.schema.json"


class ConfirmationNeeded(UsageError):
    """The values are allowed but look like a slip; the CLI may ask, scripts must say --force."""

    def __init__(self, question: str, hint: str):
        super().__init__([Problem(question, hint=hint, code="confirm")])
        self.question = question


def blank(value: object) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(blank(item) for item in value)
    return str(value)


def status_label(value: object) -> str:
    """The Chinese label of a stored status (the value itself when unknown)."""
    return STATUS_LABELS.get(str(value), blank(value))


# ---------------------------------------------------------------------------------------------
# Values given on the command line


def parse_status(text: str) -> str:
    """A status given as its stored value or its Chinese label."""
    value = status_value(text)
    if value is None:
        raise UsageError.single(
            f"--status 的值“{text}”不是有效的状态", hint=f"可选：{STATUS_CHOICES}"
        )
    return value


def parse_progress(text: str) -> int:
    """A progress percentage 0–100 (a trailing % and full-width digits are fine)."""
    raw = unicodedata.normalize("NFKC", text).strip().removesuffix("%").strip()
    if not re.fullmatch(r"\d{1,3}", raw) or int(raw) > 100:
        raise UsageError.single(
            f"--progress 的值“{text}”无效", hint="进度写作 0–100 的整数，例如 --progress 40"
        )
    return int(raw)


def parse_date(text: str, option: str) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    raw = unicodedata.normalize("NFKC", text).strip()
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError.single(
            f"{option} 的值“{text}”不是有效日期", hint="日期写作 YYYY-MM-DD，例如 2025-06-30"
        ) from None


def clean_text(text: str, option: str, *, multiline: bool = False, limit: int = 5000) -> str:
    """Text given for a field: trimmed, not empty, no control characters, within the limit."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise UsageError.single(f"{option} 的内容不能为空", hint=f"在 {option} 后写上内容")
    if "\n" in value and not multiline:
        raise UsageError.single(f"{option} 的内容只能有一行", hint="去掉其中的换行")
    bad = next((c for c in value if unicodedata.category(c) == "Cc" and c != "\n"), None)
    if bad is not None:
        raise UsageError.single(
            f"{option} 的内容中有不可见的控制字符（U+{ord(bad):04X}）", hint="删除该字符后重试"
        )
    if len(value) > limit:
        raise UsageError.single(
            f"{option} 的内容过长（{len(value)} 个字符）", hint=f"不超过 {limit} 个字符"
        )
    return value


# ---------------------------------------------------------------------------------------------
# Updating a measure


@dataclass(frozen=True)
class UpdateRequest:
    """What `ledger update` was asked to change, each value already checked on its own."""

    status: str | None = None
    progress: int | None = None
    note: str | None = None
    person: str | None = None
    deadline: dt.date | None = None
    reason: str | None = None
    deliverable: str | None = None
    evidence: tuple[str, ...] = ()
    beyond_period: bool = False
    force: bool = False

    def is_empty(self) -> bool:
        """Nothing at all was asked."""
        return all(
            value in (None, ())
            for value in (
                self.status,
                self.progress,
                self.note,
                self.person,
                self.deadline,
                self.reason,
                self.deliverable,
                self.evidence,
            )
        )


@dataclass(frozen=True)
class FieldChange:
    """One stored field of one record, before and after."""

    field: str
    old: object
    new: object

    def text(self) -> str:
        """The change as one line for people."""
        label = FIELD_LABELS.get(self.field, self.field)
        if self.field == "status":
            return f"{label}：{status_label(self.old)} → {status_label(self.new)}"
        if self.field == "progress":
            return f"{label}：{self.old}% → {self.new}%"
        return f"{label}：{blank(self.old)} → {blank(self.new)}"


@dataclass(frozen=True)
class MeasureUpdate:
    """The change an update makes to one measure, decided by the rules, not yet written."""

    measure_id: str
    changes: tuple[FieldChange, ...]
    entry: dict | None = None
    deadline_change: dict | None = None
    evidence_added: tuple[str, ...] = ()
    auto_status: bool = False
    note: str | None = None

    def change_of(self, name: str) -> FieldChange | None:
        """The change of one field, if it changes."""
        return next((change for change in self.changes if change.field == name), None)

    def lines(self) -> list[str]:
        """Every change as a line for people (status and progress first)."""
        out = []
        for change in self.changes:
            line = change.text()
            if change.field == "status" and self.auto_status:
                line += "（进度大于 0，自动改为推进中）"
            if change.field == "deadline" and self.deadline_change:
                line += f"（理由：{self.deadline_change['reason']}）"
            out.append(line)
        out.extend(f"佐证材料：+ {item}" for item in self.evidence_added)
        if self.entry is not None:
            who = self.entry["author"] or "未署名"
            note = self.entry["note"].replace("\n", " ")
            out.append(f"进展记录：{self.entry['date'].isoformat()} {who}：{note}")
        return out

    def subject(self) -> str:
        """The commit subject, e.g. `g1-t1-m2: 未启动 → 推进中 (40%)`."""
        status = self.change_of("status")
        progress = self.change_of("progress")
        after = self.entry["progress"] if self.entry else None
        if status is not None:
            head = f"{status_label(status.old)} → {status_label(status.new)}"
            if after is not None and status.new not in CLOSED_STATUSES:
                head += f" ({after}%)"
            parts = [head]
        elif progress is not None:
            parts = [f"进度 {progress.old}% → {progress.new}%"]
        else:
            parts = []
        for change in self.changes:
            if change.field not in ("status", "progress"):
                label = FIELD_LABELS[change.field]
                if change.field == "deadline":
                    parts.append(f"{label} {blank(change.old)} → {blank(change.new)}")
                else:
                    parts.append(f"{label}：{blank(change.new)}")
        if self.evidence_added:
            parts.append(f"佐证材料 +{len(self.evidence_added)}")
        if not parts and self.entry is not None:
            parts.append("进展记录")
        return f"{self.measure_id}: {'；'.join(parts)}"

    def message(self) -> str:
        """The whole commit message: subject, the note, then every change."""
        body = []
        if self.note:
            body.append(self.note)
        body.append("\n".join(self.lines()))
        return self.subject() + "\n\n" + "\n\n".join(body) + "\n"


def plan_update(
    measure: Measure,
    request: UpdateRequest,
    *,
    today: dt.date,
    author: str | None,
    period: Period,
    task: Task,
) -> MeasureUpdate:
    """Apply the update rules to a measure's current state; refuse what they do not allow."""
    if request.is_empty():
        raise UsageError.single(
            f"没有给出要修改的内容（措施 {measure.id}）",
            hint="至少给出一项：--status、--progress、--note、--person、--deadline、--deliverable、--evidence",
        )
    status, progress = request.status, request.progress
    gives_note = request.note is not None
    if status == "done":
        if progress is not None and progress != 100:
            raise UsageError.single(
                f"标记为已完成时进度应为 100，而 --progress 是 {progress}",
                hint="去掉 --progress（已完成自动记为 100），或不改为已完成",
            )
        progress = 100
        if not gives_note and not request.evidence:
            raise UsageError.single(
                "标记为已完成须附进展说明或佐证材料",
                hint="加 --note “完成情况” 或 --evidence 文件号/链接（可同时给出）",
            )
    if status == "cancelled" and measure.status != "cancelled" and not gives_note:
        raise UsageError.single("取消措施须说明理由", hint="加 --note “取消的理由”")
    auto_status = False
    if status is None and progress is not None:
        if measure.status == "done" and progress != 100:
            raise UsageError.single(
                f"措施 {measure.id} 已完成，进度不能改为 {progress}%",
                hint="如需重新打开，同时给出 --status in_progress（或 delayed）",
            )
        if measure.status == "not_started" and progress > 0:
            status, auto_status = "in_progress", True
    new_status = status or measure.status
    new_progress = measure.progress if progress is None else progress
    if new_status == "not_started" and new_progress > 0 and status is not None:
        raise UsageError.single(
            f"状态为未启动时进度应为 0，而当前进度是 {new_progress}%",
            hint="同时给出 --progress 0，或选用其他状态",
        )
    asked = request.status is not None or request.progress is not None
    if asked and new_status not in CLOSED_STATUSES and new_progress == 100 and not request.force:
        raise ConfirmationNeeded(
            f"进度为 100%，但状态是“{status_label(new_status)}”而不是“已完成”",
            "如已完成，加 --status done；如尚未完成，给出 --progress 实际进度；确要保留，加 --force",
        )

    changes: list[FieldChange] = []
    if new_status != measure.status:
        changes.append(FieldChange("status", measure.status, new_status))
    if new_progress != measure.progress:
        changes.append(FieldChange("progress", measure.progress, new_progress))
    if request.person is not None and request.person != measure.responsible_person:
        changes.append(
            FieldChange("responsible_person", measure.responsible_person, request.person)
        )
    deadline_change = None
    if request.beyond_period and request.deadline is None:
        raise UsageError.single(
            "--beyond-period 只用于把完成时限调整到实施期之外",
            hint="同时给出 --deadline 新的完成时限和 --reason 理由",
        )
    if request.reason is not None and request.deadline is None:
        raise UsageError.single(
            "--reason 只用于说明完成时限的调整", hint="同时给出 --deadline 新的完成时限"
        )
    if request.deadline is not None and request.deadline != measure.deadline:
        if request.reason is None:
            later = request.deadline > measure.deadline
            raise UsageError.single(
                f"{'推迟' if later else '提前'}完成时限（{measure.deadline} → {request.deadline}）须说明理由",
                hint="加 --reason “调整的理由”；原时限会保留在 deadline_history 中",
            )
        inside = period.start <= request.deadline <= period.end
        if not inside and not (measure.beyond_period or request.beyond_period):
            raise UsageError.single(
                f"完成时限 {request.deadline} 不在实施期 {period.start}–{period.end} 内",
                hint="改为实施期内的日期；确需超出实施期时加 --beyond-period",
            )
        if request.beyond_period and inside:
            raise UsageError.single(
                f"新的完成时限 {request.deadline} 在实施期内，不需要 --beyond-period",
                hint="去掉 --beyond-period",
            )
        changes.append(FieldChange("deadline", measure.deadline, request.deadline))
        if request.beyond_period and not measure.beyond_period:
            changes.append(FieldChange("beyond_period", False, True))
        deadline_change = {
            "date": today,
            "previous": measure.deadline,
            "new": request.deadline,
            "reason": request.reason,
            "author": author,
        }
    if request.deliverable is not None and request.deliverable != measure.deliverable:
        changes.append(FieldChange("deliverable", measure.deliverable, request.deliverable))
    evidence_added = tuple(
        item
        for index, item in enumerate(request.evidence)
        if item not in measure.evidence and item not in request.evidence[:index]
    )
    entry = None
    if gives_note or new_status != measure.status or new_progress != measure.progress:
        note = request.note
        if note is None:
            described = []
            if new_status != measure.status:
                described.append(f"状态改为{status_label(new_status)}")
            if new_progress != measure.progress:
                described.append(f"进度 {new_progress}%")
            note = "，".join(described) + "".join(f"；佐证材料：{e}" for e in evidence_added)
        entry = {
            "date": today,
            "author": author,
            "note": note,
            "status": new_status,
            "progress": new_progress,
        }
    if not changes and not evidence_added and entry is None:
        raise UsageError.single(
            f"措施 {measure.id} 已是所给的值，没有需要修改的内容",
            hint="用 ledger show 查看该措施的当前内容",
        )
    update = MeasureUpdate(
        measure_id=measure.id,
        changes=tuple(changes),
        entry=entry,
        deadline_change=deadline_change,
        evidence_added=evidence_added,
        auto_status=auto_status,
        note=request.note,
    )
    _check_candidate(task, measure, update)
    return update


def _updated_data(measure: Measure, update: MeasureUpdate) -> dict:
    data = measure.model_dump()
    for change in update.changes:
        data[change.field] = change.new
    if update.entry is not None:
        data["progress_log"] = [*data["progress_log"], update.entry]
    if update.deadline_change is not None:
        data["deadline_history"] = [*data["deadline_history"], update.deadline_change]
    data["evidence"] = [*data["evidence"], *update.evidence_added]
    return data


def _check_candidate(task: Task, measure: Measure, update: MeasureUpdate) -> None:
    """The measure after the update must validate like a loaded one; else say which option is wrong."""
    candidate = {
        "id": task.id,
        "group": task.group,
        "title": task.title,
        "measures": [_updated_data(measure, update)],
    }
    _, issues = validate_record("task", candidate)
    if issues:
        problems = []
        for issue in issues:
            names = [step for step in issue.loc[2:] if isinstance(step, str)]
            if names[:1] in (["progress_log"], ["deadline_history"]) and len(names) > 1:
                names = names[1:]
            option = OPTION_FOR_FIELD.get(names[0] if names else "", "")
            prefix = f"{option}：" if option else ""
            problems.append(Problem(prefix + issue.message, hint=issue.hint, code=issue.code))
        raise UsageError(problems)


@dataclass
class Edit:
    """One file changed (or to be changed): its text before and after, and what was done."""

    path: Path
    old_text: str
    new_text: str
    record_id: str
    update: MeasureUpdate | None = None
    created: bool = False
    old_bytes: bytes | None = None

    def restore(self) -> None:
        """Put the file back byte for byte as it was before this edit (a created file is removed)."""
        if self.created:
            self.path.unlink(missing_ok=True)
        else:
            old = self.old_bytes if self.old_bytes is not None else self.old_text
            store.write_atomic(self.path, old)

    def diff(self, root: Path) -> str:
        """A unified diff of the change, paths relative to the ledger root."""
        name = self.path.relative_to(root).as_posix()
        old = [] if self.created else self.old_text.splitlines(keepends=True)
        return "".join(
            difflib.unified_diff(
                old,
                self.new_text.splitlines(keepends=True),
                "/dev/null" if self.created else f"a/{name}",
                f"b/{name}",
            )
        )


def load_task_file(path: Path, text: str) -> tuple[Task, object]:
    """Parse and validate a task file as it is now; return the task and its round-trip document."""
    from .textcheck import lint

    problems = lint(text, path, known_field_names())
    if problems:
        raise DataError(problems)
    record, issues = validate_record("task", store.parse_fast(text, path))
    if issues:
        raise DataError(
            [
                Problem(
                    f"{path.name} 已被改动且未通过校验：{issue.message}",
                    path,
                    hint="先运行 ledger validate 修正该文件，再重试",
                    code=issue.code,
                )
                for issue in issues
            ]
        )
    return typing.cast(Task, record), store.parse_roundtrip(text, path)


def _measure_node(document: object, measure_id: str, path: Path) -> tuple[object, int]:
    for index, node in enumerate(document["measures"]):
        if node.get("id") == measure_id:
            return node, index
    raise DataError.single(
        f"文件中已没有措施 {measure_id}（可能刚被别人修改）",
        path=path,
        hint="重新运行命令；用 ledger show 查看当前内容",
    )


def apply_update(node: object, update: MeasureUpdate) -> None:
    """Patch a measure's round-trip mapping in place."""
    order = list(Measure.model_fields)
    for change in update.changes:
        store.set_value(node, change.field, change.new, order)
    if update.entry is not None:
        _append(node, "progress_log", update.entry, order)
    if update.deadline_change is not None:
        _append(node, "deadline_history", update.deadline_change, order)
    for item in update.evidence_added:
        _append(node, "evidence", item, order)


def _append(node: object, key: str, item: object, order: list[str]) -> None:
    if key not in node or node[key] is None:
        store.set_value(node, key, [item], order)
    else:
        store.append_item(node[key], item)


def update_measure(
    path: Path,
    measure_id: str,
    request: UpdateRequest,
    *,
    today: dt.date,
    author: str | None,
    period: Period,
    write: bool = True,
) -> Edit:
    """Re-read the file, apply the update to its current state, check, and write it atomically.

    Call under the ledger lock: the state planned against is the state written.
    """
    old_bytes, old_text = store.read_file(path)
    task, document = load_task_file(path, old_text)
    measure = next((m for m in task.measures if m.id == measure_id), None)
    node, index = _measure_node(document, measure_id, path)
    update = plan_update(
        typing.cast(Measure, measure),
        request,
        today=today,
        author=author,
        period=period,
        task=task,
    )
    apply_update(node, update)
    new_text = store.dump_roundtrip(document)
    check_new_text(path, new_text)
    _only_lines_of(old_text, new_text, _measure_lines(document, index, old_text), path)
    if write:
        write_under_lock(path, new_text)
    return Edit(path, old_text, new_text, measure_id, update, old_bytes=old_bytes)


def _measure_lines(document: object, index: int, text: str) -> range:
    """0-based lines of the measure at `index`: from its `- id:` line to the next measure's."""
    measures = document["measures"]
    start = measures.lc.item(index)[0]
    end = measures.lc.item(index + 1)[0] if index + 1 < len(measures) else text.count("\n") + 1
    return range(start, end)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _only_lines_of(old: str, new: str, allowed: range, path: Path) -> None:
    """Refuse a write that would touch a line outside the record, or remove or add a comment."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old_lines[i1:i2], new_lines[j1:j2]
        outside = removed and not (i1 in allowed and i2 - 1 in allowed)
        if outside or any(map(_is_comment, removed)) or any(map(_is_comment, added)):
            raise LedgerError(
                [
                    Problem(
                        "内部错误：这次修改会改动记录以外的行或注释，已放弃写入；文件没有改动",
                        path,
                        i1 + 1,
                        hint="这是 qc-ledger 的缺陷；请把所运行的命令和该文件报告给维护者，"
                        "并暂时直接编辑 YAML 文件",
                        code="internal",
                    )
                ],
                70,
            )


# ---------------------------------------------------------------------------------------------
# Checks shared by every write


def check_new_text(path: Path, text: str, kind: str = "task") -> Record:
    """Check text about to be written as the loader would: lint, parse, validate."""
    from .textcheck import lint

    problems = lint(text, path, known_field_names())
    record, issues = (None, [])
    if not problems:
        try:
            record, issues = validate_record(kind, store.parse_fast(text, path))
        except DataError as exc:
            problems = exc.problems
    if problems or issues:
        details = [p.message for p in problems] + [i.message for i in issues]
        raise LedgerError(
            [
                Problem(
                    "内部错误：修改后的文件未通过校验（" + "；".join(details) + "），已放弃写入",
                    path,
                    hint="这是 qc-ledger 的缺陷；请把所运行的命令报告给维护者",
                    code="internal",
                )
            ],
            70,
        )
    return typing.cast(Record, record)


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

    def record(self, measure_id: str, deadline: dt.date) -> dict:
        """The new measure with every standard field, in the files' order."""
        return {
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


def check_deadline(deadline: dt.date, period: Period) -> None:
    """A new measure's deadline must fall within the plan's period."""
    if not period.start <= deadline <= period.end:
        raise UsageError.single(
            f"完成时限 {deadline} 不在实施期 {period.start}–{period.end} 内",
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


def add_measure(
    path: Path, task_id: str, draft: MeasureDraft, *, period: Period, write: bool = True
) -> Edit:
    """Append a new measure to a task file under the lock: next free id, checked, written atomically."""
    old_bytes, old_text = store.read_file(path)
    task, document = load_task_file(path, old_text)
    if task.id != task_id:
        raise DataError.single(
            f"文件中的任务编号是 {task.id}，不是 {task_id}", path=path, hint="运行 ledger validate"
        )
    measure_id = next_measure_id(task)
    deadline = draft.deadline or period.end
    check_deadline(deadline, period)
    record = draft.record(measure_id, deadline)
    store.append_item(document["measures"], record)
    new_text = store.dump_roundtrip(document)
    check_new_text(path, new_text)
    start = document["measures"].lc.item(len(task.measures) - 1)[0]
    _only_lines_of(old_text, new_text, range(start, old_text.count("\n") + 1), path)
    if write:
        write_under_lock(path, new_text)
    return Edit(path, old_text, new_text, measure_id, old_bytes=old_bytes)


def new_task_text(
    task_id: str, group_id: str, title: str, measures: list[dict], schema: bool
) -> str:
    """The text of a new task file in the files' layout."""
    body = store.dump_new(
        store.new_map({"id": task_id, "group": group_id, "title": title, "measures": measures})
    )
    return (SCHEMA_LINE + "\n" if schema else "") + body


def create_task(
    ledger: Ledger,
    group_id: str,
    title: str,
    drafts: list[MeasureDraft],
    *,
    write: bool = True,
) -> Edit:
    """Write a new task file with its measures under the lock: next free id, checked, never overwriting."""
    task_id = next_task_id(ledger, group_id)
    period = ledger.plan.period
    measures = []
    for number, draft in enumerate(drafts, start=1):
        deadline = draft.deadline or period.end
        check_deadline(deadline, period)
        measures.append(draft.record(f"{task_id}-m{number}", deadline))
    schema = (ledger.root / "schemas" / "task.schema.json").is_file()
    text = new_task_text(task_id, group_id, title, measures, schema)
    path = ledger.root / "data" / "tasks" / f"{task_id}.yaml"
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
    if write:
        try:
            store.remove_leftovers(path)
            store.write_new(path, text)
        except FileExistsError:
            raise DataError.single(
                f"文件 {path.name} 已存在", path=path, hint="重新运行命令以取下一个编号"
            ) from None
    return Edit(path, "", text, task_id, created=True)


# ---------------------------------------------------------------------------------------------
# The canonical layout (`ledger fmt`)

UNIT_FIELDS = {
    "plan": [("coordination_office", "host_unit")],
    "group": [("lead_unit",), ("member_units", "*")],
    "task": [("measures", "*", "lead_unit"), ("measures", "*", "cooperating_units", "*")],
    "units": [],
}


@dataclass(frozen=True)
class FormatResult:
    """One file as `fmt` would write it, and what it changed."""

    path: Path
    kind: str
    old_bytes: bytes
    new_text: str
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        """The file differs from its canonical layout."""
        return self.old_bytes != self.new_text.encode("utf-8")


def format_text(kind: str, text: str, path: Path, ledger: Ledger) -> tuple[str, list[str]]:
    """Return a file's text in the canonical layout, and notes on what was normalised."""
    document = store.parse_roundtrip(text, path)
    notes: list[str] = []
    _reorder(document, MODEL_FOR_KIND[kind], notes)
    flows = store.to_block_style(document)
    if flows:
        notes.append(f"{flows} 处方括号/花括号写法改为逐行列出")
    for steps in UNIT_FIELDS[kind]:
        _canonical_units(document, steps, ledger, notes)
    counted = {note: notes.count(note) for note in notes}
    merged = [note + (f"（{n} 处）" if n > 1 else "") for note, n in counted.items()]
    return store.dump_roundtrip(document), merged


def _reorder(node: object, model: type[Record], notes: list[str]) -> None:
    if not store.is_roundtrip_map(node):
        return
    if store.reorder(node, list(model.model_fields)):
        where = node.get("id") or model.__name__
        notes.append(f"{where}：字段按规范顺序排列")
    for name, info in model.model_fields.items():
        if name not in node:
            continue
        inner = models_in(info.annotation)
        if not inner:
            continue
        value = node[name]
        children = value if store.is_roundtrip_seq(value) else [value]
        for child in children:
            _reorder(child, inner[0], notes)


def _canonical_units(node: object, steps: tuple, ledger: Ledger, notes: list[str]) -> None:
    head, rest = steps[0], steps[1:]
    if head == "*":
        if not store.is_roundtrip_seq(node):
            return
        keys: list = list(range(len(node)))
    else:
        if not store.is_roundtrip_map(node) or head not in node:
            return
        keys = [head]
    for key in keys:
        if rest:
            _canonical_units(node[key], rest, ledger, notes)
            continue
        written = node[key]
        if not isinstance(written, str):
            continue
        found = ledger.registry.resolve(written)
        if found is not None and found.canonical != written:
            store.replace_item(node, key, found.canonical)
            notes.append(f"“{written}” → “{found.canonical}”")


def format_ledger(ledger: Ledger) -> list[FormatResult]:
    """Every data file in its canonical layout (the ledger must have loaded without errors)."""
    results = []
    for source in ledger.sources.values():
        raw = source.path.read_bytes()
        text = store.read_text(source.path)
        new_text, notes = format_text(source.kind, text, source.path, ledger)
        results.append(FormatResult(source.path, source.kind, raw, new_text, tuple(notes)))
    return sorted(results, key=lambda result: natural_key(result.path))


def write_formatted(result: FormatResult) -> None:
    """Write one file in its canonical layout, after checking it as the loader would."""
    check_new_text(result.path, result.new_text, result.kind)
    write_under_lock(result.path, result.new_text)


def write_under_lock(path: Path, text: str) -> None:
    """Write a data file atomically, first removing what interrupted writes left in its folder.

    Only under the ledger's lock: no other command can be writing a data file, so a temporary file
    beside one is a leftover (a process killed between writing and renaming), never a write in progress.
    """
    store.remove_leftovers(path)
    store.write_atomic(path, text)
