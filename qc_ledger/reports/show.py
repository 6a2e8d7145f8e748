"""One group, task or measure in full (`ledger show`): pure data built from the ledger and a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.cadence import cadence_of
from ..domain.ledger import Ledger, Source
from ..domain.milestones import MilestoneState, states
from ..domain.models import STATUSES, Group, Measure, Rules, Task
from ..domain.names import lookup
from ..domain.supervision_models import ItemSource
from ..domain.timeliness import is_overdue, light, worst_light
from ..vocabulary import CLOSING_LABELS, SOURCE_KIND_LABELS
from .listing import MeasureRow, measure_row, measure_rows


@dataclass(frozen=True)
class TaskLine:
    """A task inside a group view, with its measures counted."""

    id: str
    title: str
    measures: int
    counts: dict[str, int]
    overdue: int
    light: str | None


@dataclass(frozen=True)
class GroupView:
    """A work group in full."""

    today: dt.date
    id: str
    name: str
    short_name: str
    leader_name: str
    leader_title: str
    lead_unit: str
    member_units: list[str]
    tasks: list[TaskLine]
    file: str

    @property
    def measures(self) -> int:
        """Measures in the group."""
        return sum(task.measures for task in self.tasks)

    @property
    def overdue(self) -> int:
        """Overdue measures in the group."""
        return sum(task.overdue for task in self.tasks)

    @property
    def light(self) -> str | None:
        """The most urgent light of its tasks."""
        return worst_light([task.light for task in self.tasks])

    @property
    def counts(self) -> dict[str, int]:
        """Measures per status."""
        return {s: sum(task.counts[s] for task in self.tasks) for s in STATUSES}


@dataclass(frozen=True)
class TaskView:
    """A task in full: its group and every measure."""

    today: dt.date
    id: str
    title: str
    group: str
    group_short_name: str
    group_name: str
    measures: list[MeasureRow]
    file: str
    rules: Rules
    source: ItemSource | None = None  # where an item beyond the plan comes from


@dataclass(frozen=True)
class LogLine:
    """One progress log entry."""

    date: dt.date
    author: str | None
    note: str
    status: str | None
    progress: int | None
    highlight: bool = False
    problems: str | None = None  # 存在问题
    next_steps: str | None = None  # 下步计划


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline change."""

    date: dt.date
    previous: dt.date
    new: dt.date
    reason: str
    author: str | None


@dataclass(frozen=True)
class MeasureView:
    """A measure in full: every stored field, its context, its history and its derived flags."""

    today: dt.date
    row: MeasureRow
    group_name: str
    original_deadline: dt.date
    beyond_period: bool
    deadline_history: list[DeadlineLine]
    progress_log: list[LogLine]
    evidence: list[str]
    file: str
    line: int | None
    source: ItemSource | None = None  # where its task comes from, when an item beyond the plan
    cadence: str = "monthly"  # the cadence it reports on: its own, else the rules' default
    own_cadence: bool = False  # set on the measure itself
    milestones: tuple[MilestoneState, ...] = ()  # in date order, each reached, missed or pending
    steps: tuple[tuple[dt.date, str], ...] = ()  # receipts and closing steps, in date order


def source_text(source: ItemSource) -> str:
    """An item's source in one line: 领导批示：区长批示（批示〔2024〕3号，2024-07-10）."""
    details = [part for part in (source.reference, source.date and source.date.isoformat()) if part]
    tail = f"（{'，'.join(details)}）" if details else ""
    return f"{SOURCE_KIND_LABELS[source.kind]}：{source.document}{tail}"


def source_record(source: ItemSource | None) -> dict | None:
    """An item's source as JSON-ready data, with its kind's label."""
    if source is None:
        return None
    return {**source.model_dump(mode="json"), "kind_label": SOURCE_KIND_LABELS[source.kind]}


View = GroupView | TaskView | MeasureView
Locator = Callable[[Source, tuple], int | None]


def _relative(ledger: Ledger, record_id: str) -> str:
    path = ledger.path_of(record_id)
    try:
        return path.relative_to(ledger.root).as_posix()
    except ValueError:
        return path.as_posix()


def _task_line(ledger: Ledger, task: Task, today: dt.date) -> TaskLine:
    counts = dict.fromkeys(STATUSES, 0)
    for measure in task.measures:
        counts[measure.status] += 1
    return TaskLine(
        id=task.id,
        title=task.title,
        measures=len(task.measures),
        counts=counts,
        overdue=sum(is_overdue(m, today) for m in task.measures),
        light=worst_light(
            [light(m, today, ledger.rules, ledger.plan.period) for m in task.measures]
        ),
    )


def group_view(ledger: Ledger, group: Group, today: dt.date) -> GroupView:
    """A group with its leader, units and tasks."""
    canonical = ledger.registry.canonical
    return GroupView(
        today=today,
        id=group.id,
        name=group.name,
        short_name=group.short_name,
        leader_name=group.leader.name if group.leader else "",
        leader_title=group.leader.title if group.leader else "",
        lead_unit=canonical(group.lead_unit),
        member_units=[canonical(unit) for unit in group.member_units],
        tasks=[_task_line(ledger, task, today) for task in ledger.tasks_of(group.id)],
        file=_relative(ledger, group.id),
    )


def task_view(ledger: Ledger, task: Task, today: dt.date) -> TaskView:
    """A task with its group and measures."""
    group = ledger.groups[task.group]
    return TaskView(
        today=today,
        id=task.id,
        title=task.title,
        group=group.id,
        group_short_name=group.short_name,
        group_name=group.name,
        measures=measure_rows(ledger, [(group, task, m) for m in task.measures], today),
        file=_relative(ledger, task.id),
        rules=ledger.rules,
        source=task.source,
    )


def measure_view(
    ledger: Ledger, measure: Measure, today: dt.date, locate: Locator | None = None
) -> MeasureView:
    """A measure with everything recorded about it (`locate` finds its line in the file)."""
    task = ledger.measures[measure.id][0]
    group = ledger.groups[task.group]
    index = next(i for i, m in enumerate(task.measures) if m.id == measure.id)
    line = _line_of(ledger.sources[task.id], ("measures", index), locate)
    return MeasureView(
        today=today,
        row=measure_row(ledger, group, task, measure, today),
        group_name=group.name,
        original_deadline=measure.original_deadline,
        beyond_period=measure.beyond_period,
        deadline_history=[
            DeadlineLine(c.date, c.previous, c.new, c.reason, c.author)
            for c in measure.deadline_history
        ],
        progress_log=[
            LogLine(
                e.date,
                e.author,
                e.note,
                e.status,
                e.progress,
                e.highlight,
                e.problems,
                e.next_steps,
            )
            for e in measure.progress_log
        ],
        evidence=list(measure.evidence),
        file=_relative(ledger, task.id),
        line=line,
        source=task.source,
        cadence=cadence_of(measure, ledger.rules.reporting),
        own_cadence=measure.cadence is not None,
        milestones=tuple(states(measure.milestones, measure.progress, measure.evidence, today)),
        steps=step_lines(measure),
    )


def step_lines(measure: Measure) -> tuple[tuple[dt.date, str], ...]:
    """The measure's receipts (签收) and closing steps (办结), each a dated line for people."""
    lines = [
        (r.date, f"{r.unit}签收" + (f"（{r.author}）" if r.author else "") + _said(r.note))
        for r in measure.receipts
    ]
    for step in measure.closing:
        who = f"（{step.author}）" if step.author else ""
        lines.append((step.date, CLOSING_LABELS[step.action] + who + _said(step.note)))
    return tuple(sorted(lines, key=lambda line: line[0]))


def _said(note: str | None) -> str:
    return f"：{note}" if note else ""


def _line_of(source: Source, loc: tuple, locate: Locator | None) -> int | None:
    return locate(source, loc) if locate is not None else None


def build_view(
    ledger: Ledger, record_id: str, today: dt.date, locate: Locator | None = None
) -> View:
    """The full view of the group, task or measure with this id (a usage error names close ids)."""
    record = lookup(ledger, record_id)
    if isinstance(record, Group):
        return group_view(ledger, record, today)
    if isinstance(record, Task):
        return task_view(ledger, record, today)
    return measure_view(ledger, record, today, locate)


def view_record(view: View) -> dict:
    """The view as JSON-ready data (measures in the shape of `ledger list --format json`)."""
    if isinstance(view, GroupView):
        return {
            "kind": "group",
            "as_of": view.today.isoformat(),
            "id": view.id,
            "name": view.name,
            "short_name": view.short_name,
            "leader": {"name": view.leader_name, "title": view.leader_title},
            "lead_unit": view.lead_unit,
            "member_units": view.member_units,
            "light": view.light,
            "counts": view.counts,
            "overdue": view.overdue,
            "tasks": [
                {
                    "id": t.id,
                    "title": t.title,
                    "measures": t.measures,
                    "counts": t.counts,
                    "overdue": t.overdue,
                    "light": t.light,
                }
                for t in view.tasks
            ],
            "file": view.file,
        }
    if isinstance(view, TaskView):
        return {
            "kind": "task",
            "as_of": view.today.isoformat(),
            "id": view.id,
            "group": view.group,
            "title": view.title,
            "source": source_record(view.source),
            "measures": [row.record for row in view.measures],
            "file": view.file,
        }
    return {
        "kind": "measure",
        "as_of": view.today.isoformat(),
        **view.row.record,
        "source": source_record(view.source),
        "reporting_cadence": view.cadence,
        "milestone_states": [
            {"date": m.date.isoformat(), "progress": m.progress, "deliverable": m.deliverable,
             "state": m.state}
            for m in view.milestones
        ],
        "file": view.file,
        "line": view.line,
    }  # fmt: skip
