"""A file per item (一件一档): a measure's, or a task's and all its measures', whole record as a Document.

Facts, deadline changes, progress with its evidence, the commits that changed it, reminders and
inspections, receipt and closing, and how it stands on the day. Pure: the git history comes in as a
LogReport (usecases/dossier.py reads it); all wording is here, rendering in render/.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Task
from ..domain.names import lookup
from ..domain.timeliness import (
    days_left,
    days_overdue,
    expected_progress,
    is_open,
    last_report,
    light,
    pace,
)
from ..errors import UsageError
from ..vocabulary import (
    CADENCE_LABELS,
    LIGHT_WORDS,
    PACE_LABELS,
    SOURCE_KIND_LABELS,
    STATUS_LABELS,
)
from .documents import Document, Section, TableModel
from .dossier_supervision import closing, inspections, part_title, receipts, reminders
from .history import CommitEntry, LogReport

FACTS_HEADER = ["项目", "内容"]


def dossier_record(ledger: Ledger, record_id: str) -> Task | Measure:
    """The measure or task a file is kept for; a group or an unknown id is a usage error."""
    record = lookup(ledger, record_id)
    if isinstance(record, Group):
        raise UsageError.single(
            f"“{record.id}”是工作组编号；一件一档按措施或任务建立",
            hint=f"例：ledger dossier {_first_task(ledger, record.id)}（任务及其全部措施）",
        )
    return record


def _first_task(ledger: Ledger, group_id: str) -> str:
    tasks = ledger.tasks_of(group_id)
    return tasks[0].id if tasks else "g1-t1"


def build_dossier(
    ledger: Ledger,
    record: Task | Measure,
    day: dt.date,
    log: LogReport | None,
    basis: str = "",
    until: dt.date | None = None,
) -> Document:
    """The whole record of a measure, or of a task and each of its measures, as of `day`.

    `log`: the commits that changed the record (None when the ledger is not in a git repository);
    `until`: the last day whose commits are listed (all when None). `basis`: which ledger the
    figures come from, when not today's.
    """
    entries = _entries(log, until)
    if isinstance(record, Measure):
        task = ledger.measures[record.id][0]
        title = f"一件一档：措施 {record.id}"
        sections = _measure_sections(ledger, task, record, day, entries, log, level=2)
    else:
        task = record
        title = f"一件一档：任务 {task.id} {task.title}"
        sections = _task_sections(ledger, task, day, entries, log)
    lines = [f"截至 {day.isoformat()}。档案取自台账文件 {_file(ledger, task.id)} 及其 git 历史。"]
    if basis:
        lines.append(basis)
    return Document(title, lines, sections)


def _file(ledger: Ledger, record_id: str) -> str:
    path = ledger.path_of(record_id)
    try:
        return path.relative_to(ledger.root).as_posix()
    except ValueError:
        return path.as_posix()


def _entries(log: LogReport | None, until: dt.date | None) -> list[CommitEntry]:
    """The log's commits up to the end of `until`, oldest first (the order an archive reads)."""
    if log is None:
        return []
    return [e for e in reversed(log.entries) if until is None or e.committed.date() <= until]


def _task_sections(
    ledger: Ledger, task: Task, day: dt.date, entries: list[CommitEntry], log: LogReport | None
) -> list[Section]:
    group = ledger.groups[task.group]
    facts = [
        ["任务编号", task.id],
        ["工作组", f"{group.name}（{group.id}）"],
        ["任务", task.title],
        ["来源", _source(ledger, task)],
        ["措施", "、".join(m.id for m in task.measures) + f"（{len(task.measures)} 项）"],
    ]
    sections = [Section("任务概况", tables=[_facts(facts)])]
    own = [(e, r) for e in entries for r in e.records if r.record_id == task.id]
    if own:
        rows = [[_when(e), e.author, "\n".join(r.lines()), e.short] for e, r in own]
        sections.append(Section("任务的修改历史", tables=[_history_table(rows)]))
    for measure in task.measures:
        heading = f"措施 {measure.id}：{_short(measure.text)}"
        sections.append(Section(heading))
        sections += _measure_sections(ledger, task, measure, day, entries, log, level=3)
    return sections


def _measure_sections(
    ledger: Ledger,
    task: Task,
    measure: Measure,
    day: dt.date,
    entries: list[CommitEntry],
    log: LogReport | None,
    *,
    level: int,
) -> list[Section]:
    return [
        _basics(ledger, task, measure, level),
        *_milestones(measure, level),
        _deadline(measure, level),
        _progress(measure, level),
        *_evidence(measure, level),
        _history(measure, entries, log, level),
        reminders(ledger, measure, day, level),
        *inspections(ledger, measure, day, level),
        receipts(ledger, task, measure, day, level),
        closing(measure, day, level),
        _standing(ledger, measure, day, level),
    ]


def _facts(rows: list[list[object]]) -> TableModel:
    return TableModel("", FACTS_HEADER, rows, wide=frozenset({1}))


def _source(ledger: Ledger, task: Task) -> str:
    source = task.source
    if source is None:
        return f"{SOURCE_KIND_LABELS['plan']}（{ledger.plan.title}）"
    parts = [f"{SOURCE_KIND_LABELS[source.kind]}：{source.document}"]
    if source.date:
        parts.append(f"日期 {source.date.isoformat()}")
    if source.reference:
        parts.append(f"文号 {source.reference}")
    return "；".join(parts)


def _basics(ledger: Ledger, task: Task, measure: Measure, level: int) -> Section:
    canonical = ledger.registry.canonical
    group = ledger.groups[task.group]
    rows: list[list[object]] = []
    if level == 2:  # a task's file names its group, task and source once, above its measures
        rows += [
            ["工作组", f"{group.name}（{group.id}）"],
            ["任务", f"{task.title}（{task.id}）"],
            ["来源", _source(ledger, task)],
        ]
    rows += [
        ["措施编号", measure.id],
        ["措施内容", measure.text],
        ["牵头单位", canonical(measure.lead_unit)],
        ["配合单位", "、".join(canonical(u) for u in measure.cooperating_units) or "无"],
        ["责任领导", measure.responsible_leader or "未指定"],
        ["责任人", measure.responsible_person or "未指定"],
        ["成果形式", measure.deliverable or "未写明"],
        ["完成时限", _deadline_text(measure)],
    ]
    if measure.cadence:
        rows.append(["报送周期", CADENCE_LABELS[measure.cadence]])
    else:
        rows.append(["报送周期", f"{CADENCE_LABELS[ledger.rules.reporting.cadence]}（按规则默认）"])
    return Section(part_title("基本情况", measure, level), tables=[_facts(rows)], level=level)


def _deadline_text(measure: Measure) -> str:
    text = measure.deadline.isoformat()
    if measure.deadline_as_written:
        text += f"（原文：{measure.deadline_as_written}）"
    if measure.open_ended:
        text += "（长期坚持）"
    return text


def _milestones(measure: Measure, level: int) -> list[Section]:
    if not measure.milestones:
        return []
    rows = [
        [m.date, "" if m.progress is None else f"{m.progress}%", m.deliverable or ""]
        for m in measure.milestones
    ]
    table = TableModel(
        "", ["节点日期", "应达进度", "应有成果"], rows, frozenset({1}), frozenset({2})
    )
    return [Section(part_title("时间节点", measure, level), tables=[table], level=level)]


def _deadline(measure: Measure, level: int) -> Section:
    title = part_title("完成时限及调整", measure, level)
    original = measure.original_deadline
    if not measure.deadline_history:
        return Section(title, [f"完成时限 {original.isoformat()}，未调整。"], level=level)
    line = (
        f"原定完成时限 {original.isoformat()}，现为 {measure.deadline.isoformat()}，"
        f"调整 {len(measure.deadline_history)} 次。"
    )
    rows = [[c.date, c.previous, c.new, c.reason, c.author or ""] for c in measure.deadline_history]
    header = ["调整日期", "调整前时限", "调整后时限", "理由", "填报人"]
    return Section(title, [line], [TableModel("", header, rows, wide=frozenset({3}))], level)


def _progress(measure: Measure, level: int) -> Section:
    title = part_title("进展记录", measure, level)
    log = measure.progress_log
    if not log:
        return Section(title, ["没有报送过进展。"], level=level)
    extra = any(e.problems or e.next_steps for e in log)
    header = ["日期", "填报人", "状态", "进度", "进展情况"]
    header += ["存在问题", "下步计划"] if extra else []
    header.append("亮点")
    rows = []
    for entry in log:
        row: list[object] = [
            entry.date,
            entry.author or "",
            STATUS_LABELS[entry.status] if entry.status else "",
            "" if entry.progress is None else f"{entry.progress}%",
            entry.note,
        ]
        row += [entry.problems or "", entry.next_steps or ""] if extra else []
        row.append("经验亮点" if entry.highlight else "")
        rows.append(row)
    wide = frozenset({4, 5, 6}) if extra else frozenset({4})
    line = f"共 {len(log)} 条进展记录。"
    return Section(title, [line], [TableModel("", header, rows, frozenset({3}), wide)], level)


def _evidence(measure: Measure, level: int) -> list[Section]:
    if not measure.evidence:
        return []
    rows = [[number, item] for number, item in enumerate(measure.evidence, 1)]
    table = TableModel("", ["序号", "佐证材料"], rows, frozenset({0}), frozenset({1}))
    return [Section(part_title("佐证材料", measure, level), tables=[table], level=level)]


def _history_table(rows: list[list[object]]) -> TableModel:
    return TableModel("", ["日期", "提交人", "变化", "提交"], rows, wide=frozenset({2}))


def _history(
    measure: Measure, entries: list[CommitEntry], log: LogReport | None, level: int
) -> Section:
    title = part_title("修改历史（git 提交）", measure, level)
    if log is None:
        return Section(title, ["台账不在 git 仓库中，没有修改历史可查。"], level=level)
    rows: list[list[object]] = []
    for entry in entries:
        if entry.unreadable and not entry.records:
            rows.append(
                [_when(entry), entry.author, "（该版本的文件无法解析，变化未列出）", entry.short]
            )
        for record in entry.records:
            if record.record_id == measure.id:
                rows.append([_when(entry), entry.author, "\n".join(record.lines()), entry.short])
    lines = [
        f"{len(rows)} 次提交改动了这项措施。" if rows else "git 历史中没有改动这项措施的提交。"
    ]
    if log.shallow_from:
        lines.append(f"本地克隆的历史从 {log.shallow_from} 开始，更早的提交不在其中。")
    if log.pending:
        lines.append(f"{'、'.join(log.paths)} 有尚未提交的修改，不在以下历史中。")
    return Section(title, lines, [_history_table(rows)] if rows else [], level)


def _when(entry: CommitEntry) -> str:
    day = entry.committed.date()
    original = entry.original.date() if entry.original else None
    if original and original != day:
        return f"{day.isoformat()}（原 {original.isoformat()}）"
    return day.isoformat()


def _standing(ledger: Ledger, measure: Measure, day: dt.date, level: int) -> Section:
    rules, period = ledger.rules, ledger.plan.period
    shade = light(measure, day, rules, period)
    if not is_open(measure):
        timing = "—（" + STATUS_LABELS[measure.status] + "）"
    elif days_overdue(measure, day):
        timing = f"逾期 {days_overdue(measure, day)} 天"
    elif days_left(measure, day) == 0:
        timing = "今天到期"
    else:
        timing = f"未逾期，距完成时限 {days_left(measure, day)} 天"
    steady = pace(measure, period, day, rules)
    expected = f"{expected_progress(measure, period, day)}%"
    reported = last_report(measure)
    rows = [
        ["状态", STATUS_LABELS[measure.status]],
        ["进度", f"{measure.progress}%"],
        ["序时进度", f"{expected}（{PACE_LABELS[steady]}）" if steady else expected],
        ["红黄绿灯", f"{LIGHT_WORDS[shade]}灯" if shade else "—"],
        ["完成时限", measure.deadline.isoformat()],
        ["逾期", timing],
        ["最近报送", reported.isoformat() if reported else "从未报送"],
    ]
    title = part_title(f"现状（截至 {day.isoformat()}）", measure, level)
    return Section(title, tables=[_facts(rows)], level=level)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
