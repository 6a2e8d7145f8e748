"""The status report: one row per work group, a total, and the measures that need attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.digest import MeasureFacts, TaskFacts
from ..domain.figures import done_rate, mean
from ..domain.ledger import Ledger
from ..domain.models import STATUSES, Group, Rules
from ..domain.timeliness import (
    CLOSED_STANDINGS,
    Standing,
    conditions,
    days_overdue,
    worst_light,
)
from ..vocabulary import condition_word
from .supervision import supervision


@dataclass(frozen=True)
class GroupRow:
    """Counts for one work group (or the total)."""

    group_id: str
    short_name: str
    leader: str
    lead_unit: str
    tasks: int
    measures: int
    counts: dict[str, int]
    overdue: int
    light: str | None
    lead_unit_short: str = ""  # for narrow tables
    progress_sum: int = 0  # of the measures not cancelled

    @property
    def average_progress(self) -> int:
        """平均进度: mean reported progress of the measures not cancelled (domain/figures.py)."""
        return mean(self.progress_sum, self.measures - self.counts.get("cancelled", 0))

    @property
    def done_share(self) -> int:
        """完成率 in percent: the done measures over those not cancelled (domain/figures.py)."""
        return done_rate(self.counts.get("done", 0), self.measures, self.counts.get("cancelled", 0))


@dataclass(frozen=True)
class AttentionItem:
    """A measure the office should chase, with the facts that make it urgent."""

    measure_id: str
    group_short_name: str
    task_title: str
    lead_unit: str
    status: str
    deadline: dt.date
    days_overdue: int
    last_report: dt.date | None
    lead_unit_short: str = ""  # for narrow tables
    reason: str = ""  # why it is red, for a measure red without being overdue


@dataclass(frozen=True)
class MilestoneLine:
    """A dated requirement of the plan as of the report's day."""

    id: str
    title: str
    date: dt.date
    inferred: bool
    passed: bool


@dataclass(frozen=True)
class StatusReport:
    """What `ledger status` shows."""

    title: str
    today: dt.date
    period_start: dt.date
    period_end: dt.date
    rows: list[GroupRow]
    total: GroupRow
    rules: Rules
    overdue: list[AttentionItem] = field(default_factory=list)
    stale: list[AttentionItem] = field(default_factory=list)
    reported: bool = True  # some measure has a progress entry
    milestones: list[MilestoneLine] = field(default_factory=list)
    # How many more items there are than the lists hold, when the report was built with a limit.
    overdue_unlisted: int = 0
    stale_unlisted: int = 0
    basis: str = ""
    # Red without being overdue (严重滞后, or whatever else the rules make red): what else makes a
    # group red.
    red: list[AttentionItem] = field(default_factory=list)
    red_unlisted: int = 0  # what the figures were computed from, when not the files as they are
    supervision: str = ""  # receipts owed and requests to close waiting, when there are any

    @property
    def ended_unreported(self) -> bool:
        """The plan's period is over and not one report was ever made."""
        return self.today > self.period_end and not self.reported


def _row(ledger: Ledger, group: Group, tasks: list[TaskFacts], standing: Standing,
         late: list, red: list, unreported: list) -> dict:  # fmt: skip
    """A group's counts (GroupRow's fields); its late, otherwise red and unreported measures
    appended as (keys that keep plan order, task id)."""
    counts = dict.fromkeys(STATUSES, 0)
    overdue = progress_sum = measures = 0
    lights: set[str | None] = set()
    position = ledger.index.position
    judge = standing.of
    for task in tasks:  # one pass: a province's groups hold a hundred thousand measures
        measures += len(task.measures)
        for at, measure in enumerate(task.measures):
            status = measure.status
            counts[status] += 1
            if status != "cancelled":
                progress_sum += measure.progress
            # Closed measures as `Standing.of` has them, without asking it: most are done.
            closed = CLOSED_STANDINGS.get(status)
            if closed is not None:
                lights.add(closed[0])
                continue
            shade, days_late, stale = judge(measure)
            lights.add(shade)
            if days_late:
                overdue += 1
                late.append((-days_late, position[task.id], at, task.id))
            elif shade == "red":
                red.append((position[task.id], at, task.id))
            elif stale:
                unreported.append((position[task.id], at, task.id))
    # Every field in declared order (a test holds them to it).
    return {
        "group_id": group.id,
        "short_name": group.short_name,
        "leader": group.leader.name if group.leader else "",
        "lead_unit": ledger.registry.canonical(group.lead_unit),
        "tasks": len(tasks),
        "measures": measures,
        "counts": counts,
        "overdue": overdue,
        "light": worst_light(list(lights)),
        "lead_unit_short": ledger.registry.short(group.lead_unit),
        "progress_sum": progress_sum,
    }  # fmt: skip


def _frozen(kind: type, values: dict):
    """A frozen dataclass holding `values` (all its fields, in order), without its __init__
    setting each field through object.__setattr__: a province's status makes thousands of rows."""
    made = object.__new__(kind)
    object.__setattr__(made, "__dict__", values)
    return made


def _item(
    ledger: Ledger,
    group: Group,
    task: TaskFacts,
    measure: MeasureFacts,
    today: dt.date,
    why: bool = False,
) -> AttentionItem:
    reason = ""
    if why:
        rules = ledger.rules
        holding = conditions(measure, today, rules, ledger.plan.period)
        reason = "、".join(condition_word(name, rules) for name in rules.red if name in holding)
    return AttentionItem(
        reason=reason,
        measure_id=measure.id,
        group_short_name=group.short_name,
        task_title=task.title,
        lead_unit=ledger.registry.canonical(measure.lead_unit),
        lead_unit_short=ledger.registry.short(measure.lead_unit),
        status=measure.status,
        deadline=measure.deadline,
        days_overdue=days_overdue(measure, today),
        last_report=measure.last_reported,
    )


@dataclass(frozen=True)
class StatusTally:
    """What `build_status` counts over every measure, as plain values (kept between runs on the
    same ledger and day): each group's row fields, the measures to chase in report order as
    ([-days late,] task position, measure position, task id), and whether any was reported."""

    rows: list[dict]
    late: list[list]
    red: list[list]
    unreported: list[list]
    reported: bool

    def data(self) -> dict:
        """As JSON values."""
        return {"rows": self.rows, "late": self.late, "red": self.red,
                "unreported": self.unreported, "reported": self.reported}  # fmt: skip

    @classmethod
    def of_data(cls, data: dict) -> StatusTally:
        """From `data`; KeyError or TypeError when it is not in that shape."""
        return cls(data["rows"], data["late"], data["red"], data["unreported"], data["reported"])


def tally_status(ledger: Ledger, today: dt.date) -> StatusTally:
    """Every group's counts and the measures to chase as of `today`, from the tasks' digests."""
    index = ledger.index
    standing = Standing(today, ledger.rules, ledger.plan.period)
    late: list[tuple] = []
    red: list[tuple] = []
    unreported: list[tuple] = []
    tasks = dict(index.tasks.items())  # every digest is read: made in one go
    rows = [
        _row(ledger, group, [tasks[t] for t in index.by_group.get(group.id, ())], standing,
             late, red, unreported)
        for group in ledger.groups.values()
    ]  # fmt: skip
    # The most days late first, then in plan order: the order a full scan of the plan gives.
    late.sort(key=lambda found: found[:3])
    unreported.sort(key=lambda found: found[:2])
    red.sort(key=lambda found: found[:2])
    reported = any(m.last_reported is not None for m in _measures(tasks))
    return StatusTally(rows, list(map(list, late)), list(map(list, red)),
                       list(map(list, unreported)), reported)  # fmt: skip


def _measures(tasks: dict[str, TaskFacts]):
    for facts in tasks.values():
        yield from facts.measures


def build_status(
    ledger: Ledger,
    today: dt.date,
    limit: int | None = None,
    basis: str = "",
    tally: StatusTally | None = None,
) -> StatusReport:
    """Summarise the ledger as of `today` (from the tasks' digests: no full record is needed).

    With `limit`, each list of measures needing attention holds at most that many (the most days
    late first, then in plan order) and the report says how many more there are. `tally`: what
    `tally_status` gave for this ledger and day, when kept.
    """
    if tally is None:
        tally = tally_status(ledger, today)
    # Made without the frozen __init__: a province's status makes thousands of rows.
    rows = [_frozen(GroupRow, dict(values)) for values in tally.rows]
    total = GroupRow(
        group_id="",
        short_name="合计",
        leader="",
        lead_unit="",
        tasks=sum(row.tasks for row in rows),
        measures=sum(row.measures for row in rows),
        counts={status: sum(row.counts[status] for row in rows) for status in STATUSES},
        overdue=sum(row.overdue for row in rows),
        light=worst_light([row.light for row in rows]),
        progress_sum=sum(row.progress_sum for row in rows),
    )
    # Items are made only for the measures listed: a province has tens of thousands to chase.
    late, red, unreported = tally.late, tally.red, tally.unreported
    listed_red = _listed(ledger, red if limit is None else red[:limit])
    listed_late = _listed(ledger, late if limit is None else late[:limit])
    listed_unreported = _listed(ledger, unreported if limit is None else unreported[:limit])
    return StatusReport(
        title=ledger.plan.title,
        today=today,
        period_start=ledger.plan.period.start,
        period_end=ledger.plan.period.end,
        rows=rows,
        total=total,
        overdue=[_item(ledger, ledger.groups[t.group], t, m, today) for t, m in listed_late],
        stale=[_item(ledger, ledger.groups[t.group], t, m, today) for t, m in listed_unreported],
        rules=ledger.rules,
        reported=tally.reported,
        milestones=[
            MilestoneLine(m.id, m.title, m.date, m.inferred, today > m.date)
            for m in sorted(ledger.plan.milestones, key=lambda m: m.date)
        ],
        overdue_unlisted=len(late) - len(listed_late),
        stale_unlisted=len(unreported) - len(listed_unreported),
        basis=basis,
        red=[_item(ledger, ledger.groups[t.group], t, m, today, why=True) for t, m in listed_red],
        red_unlisted=len(red) - len(listed_red),
        supervision=supervision(ledger, today).line(),
    )


def _listed(ledger: Ledger, found: list[list]) -> list[tuple[TaskFacts, MeasureFacts]]:
    """The digests of the measures found, each given as (keys..., position in its task, task id)."""
    tasks = ledger.index.tasks
    return [(tasks[item[-1]], tasks[item[-1]].measures[item[-2]]) for item in found]
