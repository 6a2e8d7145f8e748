"""The update rules: what `ledger update` may change in a measure, decided against its current state.

Pure: a request and a measure in, a MeasureUpdate (what will change, the entry to log, the commit
message) out, or a UsageError naming the rule and the fix. Never prints, exits or reads a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ..domain.models import CLOSED_STATUSES, Measure, Period, Task
from ..domain.validation import validate_record
from ..errors import Problem, UsageError
from ..history.recorddiff import Change
from ..vocabulary import (
    CLOSING_LABELS,
    blank,
    field_label,
    milestones_text,
    status_label,
)
from .schedule_rules import cadence_words, deadline_changes, plan_line, schedule_changes
from .steps import closing_request, step_lines
from .values import OPTION_FOR_FIELD


class ConfirmationNeeded(UsageError):
    """The values are allowed but look like a slip; the CLI may ask, scripts must say --force."""

    def __init__(self, question: str, hint: str):
        super().__init__([Problem(question, hint=hint, code="confirm")])
        self.question = question


@dataclass(frozen=True)
class UpdateRequest:
    """What `ledger update` was asked to change, each value already checked on its own."""

    status: str | None = None
    progress: int | None = None
    note: str | None = None
    person: str | None = None
    leader: str | None = None
    deadline: dt.date | None = None
    reason: str | None = None
    deliverable: str | None = None
    evidence: tuple[str, ...] = ()
    beyond_period: bool = False
    force: bool = False
    # The day the report was made, when it reached the office later (a paper report): the log's date.
    date: dt.date | None = None
    highlight: bool = False  # the progress entry is an 经验亮点
    cadence: str | None = None  # a CADENCES value, or "default" for the rules' own
    # Milestones to set ({date, progress, deliverable}): one on a date already set replaces it.
    milestones: tuple[dict, ...] = ()
    clear_milestones: bool = False  # drop the measure's milestones before setting these
    problems: str | None = None  # 存在问题, on the progress entry
    next_steps: str | None = None  # 下步计划, on the progress entry

    def is_empty(self) -> bool:
        """Nothing at all was asked."""
        return not self.clear_milestones and all(
            value in (None, ())
            for value in (
                self.status,
                self.progress,
                self.note,
                self.person,
                self.leader,
                self.deadline,
                self.reason,
                self.deliverable,
                self.evidence,
                self.cadence,
                self.milestones,
                self.problems,
                self.next_steps,
            )
        )


@dataclass(frozen=True)
class MeasureUpdate:
    """The change an update makes to one measure, decided by the rules, not yet written."""

    measure_id: str
    changes: tuple[Change, ...]
    entry: dict | None = None
    deadline_change: dict | None = None
    evidence_added: tuple[str, ...] = ()
    auto_status: bool = False
    note: str | None = None
    receipt: dict | None = None  # 签收 appended for a unit
    closing_step: dict | None = None  # 申请办结, 审核办结 or 退回 appended

    def change_of(self, name: str) -> Change | None:
        """The change of one field, if it changes."""
        return next((change for change in self.changes if change.field == name), None)

    def lines(self) -> list[str]:
        """Every change as a line for people (status and progress first)."""
        out = []
        for change in self.changes:
            line = plan_line(change) or change.lines(limit=None)[0]
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
            for key in ("problems", "next_steps"):
                if self.entry.get(key):
                    text = self.entry[key].replace("\n", " ")
                    out.append(f"{field_label(key, 'task')}：{text}")
        out.extend(step_lines(self.receipt, self.closing_step))
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
                label = field_label(change.field, "measure")
                if change.field == "cadence":
                    parts.append(f"{label}：{cadence_words(change.new)}")
                elif change.field == "milestones":
                    parts.append(f"{label}：{milestones_text(change.new)}")
                elif change.field == "deadline":
                    parts.append(f"{label} {blank(change.old)} → {blank(change.new)}")
                else:
                    parts.append(f"{label}：{blank(change.new)}")
        if self.evidence_added:
            parts.append(f"佐证材料 +{len(self.evidence_added)}")
        if self.closing_step is not None:
            parts.insert(0, CLOSING_LABELS[self.closing_step["action"]])
        if self.receipt is not None:
            parts.append(f"{self.receipt['unit']}签收")
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
    approval: bool = False,
) -> MeasureUpdate:
    """Apply the update rules to a measure's current state; refuse what they do not allow.

    Under `approval` (rules.closing.approval) marking done is a request the office decides on: the
    status stays, the rest of the update is kept and a closing step `request` is appended.
    """
    if request.is_empty():
        raise UsageError.single(
            f"没有给出要修改的内容（措施 {measure.id}）",
            hint="至少给出一项：--status、--progress、--note、--problems、--next-steps、--person、"
            "--leader、--deadline、--deliverable、--evidence、--cadence、--milestone",
        )
    day = _report_day(request, today, period)
    closing_step = None
    if approval and request.status == "done" and measure.status != "done":
        _new_state(measure, request)  # marking done needs a note or evidence all the same
        closing_step = closing_request(measure, request.note, day, author)
        # The unit reports the work finished (100%); only the office's approval makes it done.
        request = dataclasses.replace(request, status=None, progress=100, force=True)
    status, progress, auto_status = _new_state(measure, request)
    changes = _state_changes(measure, request, status, progress)
    moved, deadline_change = deadline_changes(measure, request, period, day, author)
    changes += moved
    if request.deliverable is not None and request.deliverable != measure.deliverable:
        changes.append(Change("deliverable", measure.deliverable, request.deliverable))
    changes += schedule_changes(
        measure,
        (request.cadence, request.milestones, request.clear_milestones),
        period,
        request.deadline or measure.deadline,
    )
    evidence_added = tuple(
        item
        for index, item in enumerate(request.evidence)
        if item not in measure.evidence and item not in request.evidence[:index]
    )
    entry = _progress_entry(measure, request, (status, progress), evidence_added, day, author)
    if closing_step is not None and entry is None:
        entry = {"date": day, "author": author, "note": "申请办结"}
        entry.update(status=status, progress=progress)
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
        closing_step=closing_step,
    )
    _check_candidate(task, measure, update)
    return update


def _report_day(request: UpdateRequest, today: dt.date, period: Period) -> dt.date:
    """The day the report was made: `--date` when given (not after today, not before the plan)."""
    if request.date is None:
        return today
    if request.date > today:
        raise UsageError.single(
            f"--date {request.date} 晚于今天（{today}）",
            hint="--date 写报送实际发生的日期（今天或更早）",
        )
    if request.date < period.start:
        raise UsageError.single(
            f"--date {request.date} 早于实施期开始（{period.start}）",
            hint="写实际报送的日期；实施期开始前的工作写进说明里",
        )
    return request.date


def _new_state(measure: Measure, request: UpdateRequest) -> tuple[str, int, bool]:
    """The status and progress after the update, and whether the status followed the progress."""
    status, progress = request.status, request.progress
    if status == "done":
        if progress is not None and progress != 100:
            raise UsageError.single(
                f"标记为已完成时进度应为 100，而 --progress 是 {progress}",
                hint="去掉 --progress（已完成自动记为 100），或不改为已完成",
            )
        progress = 100
        if request.note is None and not request.evidence:
            raise UsageError.single(
                "标记为已完成须附进展说明或佐证材料",
                hint='加 --note "完成情况" 或 --evidence 文件号/链接（可同时给出）',
            )
    if status == "cancelled" and measure.status != "cancelled" and request.note is None:
        raise UsageError.single("取消措施须说明理由", hint='加 --note "取消的理由"')
    auto_status = False
    if status is None and progress is not None:
        if measure.status == "done" and progress != 100:
            raise UsageError.single(
                f"措施 {measure.id} 已完成，进度不能改为 {progress}%",
                hint="如需重新打开，同时给出 --status in_progress（或 delayed）",
            )
        if measure.status == "cancelled" and progress != measure.progress:
            raise UsageError.single(
                f"措施 {measure.id} 已取消，进度不能改为 {progress}%",
                hint="如需恢复推进，同时给出 --status in_progress（或 delayed）",
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
    return new_status, new_progress, auto_status


def _state_changes(
    measure: Measure, request: UpdateRequest, status: str, progress: int
) -> list[Change]:
    """The changes of status, progress, responsible person and responsible leader."""
    changes: list[Change] = []
    if status != measure.status:
        changes.append(Change("status", measure.status, status))
    if progress != measure.progress:
        changes.append(Change("progress", measure.progress, progress))
    if request.person is not None and request.person != measure.responsible_person:
        changes.append(Change("responsible_person", measure.responsible_person, request.person))
    if request.leader is not None and request.leader != measure.responsible_leader:
        changes.append(Change("responsible_leader", measure.responsible_leader, request.leader))
    return changes


def _progress_entry(
    measure: Measure,
    request: UpdateRequest,
    state: tuple[str, int],
    evidence_added: tuple[str, ...],
    day: dt.date,
    author: str | None,
) -> dict | None:
    """The progress_log entry: the note given, or one that says what changed; None if neither."""
    status, progress = state
    moved = status != measure.status or progress != measure.progress
    if request.note is None and not moved:
        if request.highlight:
            raise UsageError.single(
                "--highlight 标记的是这次报送的进展",
                hint='同时给出 --note "进展说明"，说明值得推广的做法',
            )
        if request.problems is not None or request.next_steps is not None:
            raise UsageError.single(
                "存在问题和下步计划写在这次报送的进展记录中，须同时写明进展",
                hint='同时给出 --note "进展说明"（表格中填“进展情况”），写明做了什么',
            )
        return None
    note = request.note
    if note is None:
        described = []
        if status != measure.status:
            described.append(f"状态改为{status_label(status)}")
        if progress != measure.progress:
            described.append(f"进度 {progress}%")
        note = "，".join(described) + "".join(f"；佐证材料：{e}" for e in evidence_added)
    entry = {"date": day, "author": author, "note": note, "status": status, "progress": progress}
    if request.highlight:
        entry["highlight"] = True
    if request.problems is not None:
        entry["problems"] = request.problems
    if request.next_steps is not None:
        entry["next_steps"] = request.next_steps
    return entry


def _updated_data(measure: Measure, update: MeasureUpdate) -> dict:
    data = measure.model_dump()
    for change in update.changes:
        data[change.field] = change.new
    if update.entry is not None:
        data["progress_log"] = [*data["progress_log"], update.entry]
    if update.deadline_change is not None:
        data["deadline_history"] = [*data["deadline_history"], update.deadline_change]
    data["evidence"] = [*data["evidence"], *update.evidence_added]
    if update.receipt is not None:
        data["receipts"] = [*data["receipts"], update.receipt]
    if update.closing_step is not None:
        data["closing"] = [*data["closing"], update.closing_step]
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
            if names[:1] == ["milestones"] and update.change_of("milestones") is None:
                option = "--deadline"  # the milestones stayed: the new deadline passes them by
            prefix = f"{option}：" if option else ""
            problems.append(Problem(prefix + issue.message, hint=issue.hint, code=issue.code))
        raise UsageError(problems)
