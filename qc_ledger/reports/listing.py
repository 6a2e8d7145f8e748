"""The measure listing behind `ledger list`: matching measures with their derived flags. Pure data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, partial

from ..domain.digest import MeasureBrief, MeasureFacts, TaskFacts, briefs_of
from ..domain.lazy import collector_paused
from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Rules, Task
from ..domain.query import Found, Query, Row
from ..domain.supervision import pending_request, receipt_due, unacknowledged
from ..domain.timeliness import (
    Standing,
    days_left,
    days_overdue,
    is_due_soon,
    is_overdue,
    is_stale,
    last_entry,
    light,
    milestone_missed,
    pace,
)
from ..vocabulary import (
    CLOSING_REQUESTED,
    DEADLINE_INFERRED,
    DUE_TODAY,
    MILESTONE_MISSED,
    OVERDUE,
    PACE_LABELS,
    SOURCE_KIND_LABELS,
    STALE,
    STATUS_LABELS,
    UNACKNOWLEDGED,
)
from .empty_hints import empty_hints
from .export import measure_record
from .table_rows import TableRow, table_rows


@dataclass(frozen=True)
class MeasureRow:
    """One measure as listed: what a table, a spreadsheet and a notice show, and its JSON record."""

    id: str
    group: str
    group_short_name: str
    task: str
    task_title: str
    text: str
    lead_unit: str
    cooperating_units: tuple[str, ...]
    responsible_person: str | None
    deadline: dt.date
    deliverable: str | None
    status: str
    progress: int
    last_report: dt.date | None
    last_note: str | None
    overdue: bool
    days_overdue: int
    due_soon: bool
    stale: bool
    light: str | None
    lead_unit_short: str = ""  # for narrow tables
    responsible_leader: str | None = None
    kind: str = "plan"  # where its task comes from (SOURCE_KINDS)
    last_problems: str | None = None  # 存在问题 of the newest entry
    last_next_steps: str | None = None  # 下步计划 of the newest entry
    days_left: int = 0  # from today to the deadline (negative once past)
    pace: str | None = None
    deadline_inferred: bool = False
    milestone_missed: bool = False  # 节点未达
    unacknowledged: tuple[str, ...] = ()  # units that still owe their receipt (签收)
    receipt_late: bool = False  # ... past the day they should have signed by
    closing_requested: bool = False  # a request to close waits for the office (待审核办结)
    # Makes the JSON record when first asked for: a table never needs it (see `record`).
    make_record: Callable[[], dict] = field(default=dict, repr=False, compare=False)

    @cached_property
    def record(self) -> dict:
        """The measure as exported, with the listing's fields: made when first asked for."""
        return self.make_record()

    @property
    def place(self) -> str:
        """Under its id in tables: an item's source kind (领导批示), else its group's short name."""
        return self.group_short_name if self.kind == "plan" else SOURCE_KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        """The status in Chinese."""
        return STATUS_LABELS[self.status]

    def flags(self) -> list[str]:
        """Derived flags as short Chinese words: 逾期 N 天, N 天后到期, 欠进度, 节点未达, 未报送."""
        words = []
        if self.overdue:
            words.append(f"{OVERDUE}{self.days_overdue}天")
        if self.due_soon:
            words.append(DUE_TODAY if self.days_left == 0 else f"{self.days_left}天后到期")
        if self.pace in ("behind", "far_behind"):
            words.append(PACE_LABELS[self.pace])
        if self.milestone_missed:
            words.append(MILESTONE_MISSED)
        if self.stale:
            words.append(STALE)
        if self.deadline_inferred:
            words.append(DEADLINE_INFERRED)
        if self.unacknowledged:
            words.append("签收超期" if self.receipt_late else UNACKNOWLEDGED)
        if self.closing_requested:
            words.append(CLOSING_REQUESTED)
        return words


def measure_row(ledger: Ledger, group: Group, task: Task, measure: Measure, today: dt.date,
                make_record: Callable[[], dict] | None = None) -> MeasureRow:  # fmt: skip
    """Build the listed form of one measure (unit names canonical, flags as of `today`); its JSON
    record is made when asked, by `make_record` when given (which then holds no record)."""
    canonical = ledger.registry.canonical
    last = last_entry(measure)
    due_soon = is_due_soon(measure, today, ledger.rules)

    def record() -> dict:
        made = {"id": measure.id, "group": group.id, "task": task.id}
        made.update(measure_record(ledger, measure, today, task.kind))
        made["group_short_name"] = group.short_name
        made["task_title"] = task.title
        made["days_overdue"] = days_overdue(measure, today)
        made["days_to_deadline"] = days_left(measure, today)
        made["due_soon"] = due_soon
        # Only when they hold: a ledger without supervised work lists exactly what it did before.
        if owed:
            made["unacknowledged"] = list(owed)
        if requested:
            made["closing_requested"] = True
        return made

    owed = tuple(unacknowledged(task, measure, ledger.rules, canonical))
    late = bool(owed) and today > receipt_due(task, measure, ledger.rules, ledger.plan.period)
    requested = pending_request(measure) is not None
    return MeasureRow(
        unacknowledged=owed,
        receipt_late=late,
        closing_requested=requested,
        id=measure.id,
        group=group.id,
        group_short_name=group.short_name,
        task=task.id,
        task_title=task.title,
        text=measure.text,
        lead_unit=canonical(measure.lead_unit),
        lead_unit_short=ledger.registry.short(measure.lead_unit),
        cooperating_units=tuple(canonical(unit) for unit in measure.cooperating_units),
        responsible_person=measure.responsible_person,
        responsible_leader=measure.responsible_leader,
        deadline=measure.deadline,
        deliverable=measure.deliverable,
        status=measure.status,
        progress=measure.progress,
        last_report=last.date if last else None,
        last_note=last.note if last else None,
        last_problems=last.problems if last else None,
        last_next_steps=last.next_steps if last else None,
        overdue=is_overdue(measure, today),
        days_overdue=days_overdue(measure, today),
        due_soon=due_soon,
        stale=is_stale(measure, today, ledger.rules),
        light=light(measure, today, ledger.rules, ledger.plan.period),
        kind=task.kind,
        days_left=days_left(measure, today),
        pace=pace(measure, ledger.plan.period, today, ledger.rules),
        deadline_inferred="deadline" in measure.inferred,
        milestone_missed=milestone_missed(measure, today),
        make_record=record if make_record is None else make_record,
    )


def measure_rows(ledger: Ledger, rows: list[Row], today: dt.date) -> list[MeasureRow]:
    """The listed form of several measures, in the given order."""
    return [measure_row(ledger, group, task, measure, today) for group, task, measure in rows]


@dataclass(frozen=True)
class Listing:
    """What `ledger list` shows: the conditions, the date and the matching measures.

    `found` holds each match as the query gave it (a record row, or a measure's digest with its
    task's); a row is built only when shown, so a screen's page builds a page, not the unit's all.
    """

    today: dt.date
    conditions: list[str]
    sort: str
    found: list
    total: int
    rules: Rules
    hints: tuple[str, ...] = ()
    make: Callable[[list], list[MeasureRow]] = field(default=list, repr=False, compare=False)
    # The rows only as a table shows them, or None where they come from records (`table_rows`).
    table: Callable[..., list[TableRow] | None] | None = field(default=None, repr=False)

    @cached_property
    def rows(self) -> list[MeasureRow]:
        """Every matching measure's row, in order."""
        return self.make(self.found)

    def shown(self, limit: int | None) -> list[MeasureRow]:
        """The first `limit` rows (all of them when None), building no other and keeping none:
        a table printed of a province's rows lets them go as it is written."""
        if "rows" in self.__dict__:
            return self.rows if limit is None else self.rows[:limit]
        return self.make(self.found if limit is None else self.found[:limit])

    def table_shown(self, limit: int | None) -> list[TableRow] | None:
        """`shown` as a table shows the rows, made without their full rows; None when it cannot."""
        if self.table is None or "rows" in self.__dict__:
            return None
        if limit is not None:
            return self.table(self.found[:limit])
        # The table of every row tells how many are overdue, due soon and stale on the way.
        tally: dict[str, int] = {}
        made = self.table(self.found, tally)
        if made is not None and tally:
            self.__dict__["_counts"] = tally
        return made

    @property
    def count(self) -> int:
        """How many measures match."""
        return len(self.found)

    def counts(self) -> dict[str, int]:
        """How many of the listed measures are overdue, due soon and unreported."""
        if "_counts" in self.__dict__:
            return dict(self.__dict__["_counts"])
        # The measure is the last of each match: a record or its digest, which the rules read alike.
        measures = [item[-1] for item in self.found]
        return {
            "overdue": sum(is_overdue(m, self.today) for m in measures),
            "due_soon": sum(is_due_soon(m, self.today, self.rules) for m in measures),
            "stale": sum(is_stale(m, self.today, self.rules) for m in measures),
        }


def build_listing(ledger: Ledger, query: Query, today: dt.date) -> Listing:
    """Run the query and describe its result as of `today` (rows built when asked for)."""
    found = query.run_digests(ledger, today)
    if found is None:
        found = query.run(ledger, today)
        make, table = partial(measure_rows, ledger, today=today), None
    else:
        make, table = partial(_digest_rows, ledger, today), partial(table_rows, ledger, today)
    hints = () if found else empty_hints(ledger, query)
    return Listing(
        today,
        query.describe(),
        query.sort,
        found,
        ledger.index.measure_count(),
        ledger.rules,
        hints,
        make,
        table,
    )


def _sketch(ledger: Ledger):
    """How to read a task's cached row data, or None where rows must come from records."""
    sketch = getattr(ledger.tasks, "sketch", None)
    # A plan task whose work needs receipts is not listed from its digest: the record tells who owes.
    return None if "plan" in ledger.rules.receipt.kinds else sketch


def _digest_rows(ledger: Ledger, today: dt.date, found: list[Found]) -> list[MeasureRow]:
    """The rows of measures given by their digests, each task's made once and let go: from its
    digest and its cached row data where the cache has them (no record rebuilt), else from its
    record, rebuilt for the rows and not kept (a row asked for its JSON record makes it again)."""
    wanted: dict[str, set[str]] = {}
    for task_facts, measure_facts in found:
        wanted.setdefault(task_facts.id, set()).add(measure_facts.id)
    made: dict[str, MeasureRow] = {}
    quick = _QuickRows(ledger, today)
    with collector_paused():
        tasks = ledger.index.tasks
        for task_id, measure_ids in wanted.items():
            # A task all of whose measures are wanted (a whole listing) asks none of them.
            every = len(measure_ids) == len(tasks[task_id].measures)
            picked = task_rows(
                ledger, today, task_id, None if every else _ids_in(measure_ids), quick
            )
            made.update((row.id, row) for row, _measure in picked)
    return [made[measure_facts.id] for _, measure_facts in found]


def _ids_in(ids: set[str]) -> Callable[[object], bool]:
    return lambda measure: measure.id in ids


def each_row(
    ledger: Ledger,
    today: dt.date,
    keep: Callable[[object], bool] | None = None,
    task_ids: Iterable[str] | None = None,
) -> Iterator[tuple[MeasureRow, object]]:
    """Every measure's row in plan order with what its time rules read (its digest or its record),
    task by task, none kept; `keep` (given the digest or record) picks which are built; only the
    tasks `task_ids` (in plan order) when given."""
    quick = _QuickRows(ledger, today)
    for task_id in ledger.index.tasks if task_ids is None else task_ids:
        yield from task_rows(ledger, today, task_id, keep, quick)


def task_rows(ledger: Ledger, today: dt.date, task_id: str, keep: Callable[[object], bool] | None,
               quick: _QuickRows | None = None) -> Iterator[tuple[MeasureRow, object]]:  # fmt: skip
    """One task's rows (those `keep` wants) with what its time rules read, from its digest and
    cached row data when it can, else from its record rebuilt for them and let go."""
    facts = ledger.index.tasks[task_id]
    sketch = _sketch(ledger)
    briefs = None
    if sketch is not None and not facts.supervised:
        briefs = briefs_of(sketch(task_id), len(facts.measures))
    if briefs is not None:
        quick = quick or _QuickRows(ledger, today)
        group = ledger.groups[facts.group]
        for measure, brief in zip(facts.measures, briefs, strict=True):
            if keep is None or keep(measure):
                yield quick.row(group, facts, measure, brief), measure
        return
    task = ledger.task_passing(task_id)
    group = ledger.groups[task.group]
    for measure in task.measures:
        if keep is None or keep(measure):
            again = partial(_record_again, ledger, task_id, measure.id, today)
            yield measure_row(ledger, group, task, measure, today, again), measure


class _QuickRows:
    """Rows of plan measures from their digests and briefs, as `measure_row` makes them from records
    (a plan task has no source, no closing step and, by the rules, owes no receipt)."""

    def __init__(self, ledger: Ledger, today: dt.date):
        self.ledger = ledger
        self.today = today
        self.rules = ledger.rules
        self.period = ledger.plan.period
        # Each name asked once: a province's rows repeat a few hundred units.
        self.canonical = cache(ledger.registry.canonical)
        self.short = cache(ledger.registry.short)
        self.standing = Standing(today, self.rules, self.period).listed

    def row(
        self, group: Group, facts: TaskFacts, m: MeasureFacts, brief: MeasureBrief
    ) -> MeasureRow:
        canonical = self.canonical
        left = (m.deadline - self.today).days
        shade, step, overdue, soon, stale, missed = self.standing(m)
        return _ready({
            "id": m.id, "group": facts.group, "group_short_name": group.short_name,
            "task": facts.id, "task_title": facts.title, "text": brief.text,
            "lead_unit": canonical(m.lead_unit),
            "cooperating_units": tuple(map(canonical, m.cooperating_units)),
            "responsible_person": brief.responsible_person, "deadline": m.deadline,
            "deliverable": brief.deliverable, "status": m.status, "progress": m.progress,
            "last_report": brief.last_report, "last_note": brief.last_note,
            "overdue": overdue, "days_overdue": -left if overdue else 0,
            "due_soon": soon, "stale": stale, "light": shade,
            "lead_unit_short": self.short(m.lead_unit),
            "responsible_leader": brief.responsible_leader, "kind": "plan",
            "last_problems": brief.last_problems, "last_next_steps": brief.last_next_steps,
            "days_left": left, "pace": step, "deadline_inferred": brief.deadline_inferred,
            "milestone_missed": missed,
            "unacknowledged": (), "receipt_late": False, "closing_requested": False,
            "make_record": partial(_record_again, self.ledger, facts.id, m.id, self.today),
        })  # fmt: skip


def _ready(fields: dict) -> MeasureRow:
    """A row of every field given, as `MeasureRow(**fields)` makes it but without the frozen
    class's setting of each field in turn (a third of a listing's time for its rows)."""
    row = object.__new__(MeasureRow)
    row.__dict__.update(fields)
    return row


def _record_again(ledger: Ledger, task_id: str, measure_id: str, today: dt.date) -> dict:
    task = ledger.tasks[task_id]
    measure = next(m for m in task.measures if m.id == measure_id)
    return measure_row(ledger, ledger.groups[task.group], task, measure, today).record
