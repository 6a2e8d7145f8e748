"""Queries over measures: filters as small frozen values with a `matches`, combined with AND. Pure.

Depends on ledger, names and timeliness; never prints or exits. A query returns a new list and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..errors import UsageError
from ..vocabulary import CADENCE_LABELS, OVERDUE, STATUS_LABELS
from .digest import MeasureFacts, TaskFacts, TaskIndex
from .kinds import KindFilter, parse_kinds
from .ledger import Ledger
from .models import Group, Measure, Task, status_value
from .names import find_group, find_task, natural_key, unit_argument
from .supervision_query import ClosingFilter, UnacknowledgedFilter
from .timeliness import is_due_within, is_overdue

SORT_KEYS: dict[str, str] = {
    "id": "按编号（方案顺序）",
    "deadline": "按完成时限，早的在前",
    "unit": "按牵头单位（单位名录顺序）",
}


class Filter(Protocol):
    """A condition on one measure in its task and group."""

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Whether the measure passes."""
        ...

    def describe(self) -> str:
        """The condition in a few Chinese words, for headings."""
        ...

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks, in file order, that can hold a match, read from their digests (None: any)."""
        ...


@dataclass(frozen=True)
class GroupFilter:
    """Measures of one work group."""

    group_id: str
    label: str = ""

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """In this group."""
        return group.id == self.group_id

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """In this group, by the digests."""
        return task.group == self.group_id

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The group's tasks."""
        return list(index.by_group.get(self.group_id, ()))

    def describe(self) -> str:
        """The condition in words."""
        return f"工作组 {self.group_id}" + (f" {self.label}" if self.label else "")


@dataclass(frozen=True)
class TaskFilter:
    """Measures of one task."""

    task_id: str
    label: str = ""

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """In this task."""
        return task.id == self.task_id

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """In this task, by the digests."""
        return task.id == self.task_id

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The task itself."""
        return [self.task_id] if self.task_id in index.tasks else []

    def describe(self) -> str:
        """The condition in words."""
        return f"任务 {self.task_id}" + (f" {self.label}" if self.label else "")


@dataclass(frozen=True)
class UnitFilter:
    """Measures a unit leads or cooperates on; `spellings` holds its canonical name and aliases."""

    canonical: str
    spellings: frozenset[str]

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """The unit leads or cooperates on the measure (under any of its names)."""
        return measure.lead_unit in self.spellings or any(
            unit in self.spellings for unit in measure.cooperating_units
        )

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """The unit leads or cooperates on the measure, by its digest."""
        return measure.lead_unit in self.spellings or not self.spellings.isdisjoint(
            measure.cooperating_units
        )

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with a measure the unit leads or joins."""
        return index.tasks_naming(self.spellings)

    def describe(self) -> str:
        """The condition in words."""
        return f"单位 {self.canonical}（牵头或配合）"


@dataclass(frozen=True)
class StatusFilter:
    """Measures in any of the given stored statuses."""

    statuses: tuple[str, ...]

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Its status is one of them."""
        return measure.status in self.statuses

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """Its status is one of them, by its digest."""
        return measure.status in self.statuses

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with a measure in one of the statuses."""
        return _tasks_where(index, lambda measure: measure.status in self.statuses)

    def describe(self) -> str:
        """The condition in words."""
        return "状态 " + "或".join(STATUS_LABELS[s] for s in self.statuses)


@dataclass(frozen=True)
class CadenceFilter:
    """Measures reporting on any of the given cadences (their own, else the rules' default)."""

    cadences: tuple[str, ...]
    default: str

    def _holds(self, measure: Measure | MeasureFacts) -> bool:
        return (measure.cadence or self.default) in self.cadences

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """It reports on one of them."""
        return self._holds(measure)

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with a measure on one of the cadences."""
        return _tasks_where(index, self._holds)

    def describe(self) -> str:
        """The condition in words."""
        return "报送周期 " + "或".join(CADENCE_LABELS[c] for c in self.cadences)


@dataclass(frozen=True)
class OverdueFilter:
    """Measures past their deadline and neither done nor cancelled."""

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Overdue as of today."""
        return is_overdue(measure, today)

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """Overdue as of today, by its digest."""
        return is_overdue(measure, today)

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with an overdue measure."""
        return _tasks_where(index, lambda measure: is_overdue(measure, today))

    def describe(self) -> str:
        """The condition in words."""
        return OVERDUE


@dataclass(frozen=True)
class DueWithinFilter:
    """Open measures whose deadline falls from today to `days` days ahead (overdue ones excluded)."""

    days: int

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Open and due in [today, today + days]."""
        return is_due_within(measure, today, self.days)

    def on_digest(self, task: TaskFacts, measure: MeasureFacts, today: dt.date) -> bool:
        """Open and due within the days, by its digest."""
        return is_due_within(measure, today, self.days)

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with a measure due within the days."""
        return _tasks_where(index, lambda measure: is_due_within(measure, today, self.days))

    def describe(self) -> str:
        """The condition in words."""
        return f"{self.days} 天内到期" if self.days else "今天到期"


@dataclass(frozen=True)
class PersonFilter:
    """Measures whose responsible person (责任人) contains the given name."""

    name: str

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """The responsible person field names this person."""
        return bool(measure.responsible_person) and self.name in measure.responsible_person

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """Any task: the digests do not hold the text."""
        return None

    def describe(self) -> str:
        """The condition in words."""
        return f"责任人 {self.name}"


@dataclass(frozen=True)
class SearchFilter:
    """Measures whose group, task, text, deliverable or progress notes contain the text."""

    text: str

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """The text occurs in any title or text around the measure (letters case-insensitive)."""
        needle = self.text.casefold()
        haystack = (
            group.name,
            group.short_name,
            task.title,
            measure.text,
            measure.deliverable or "",
            *(entry.note for entry in measure.progress_log),
        )
        return any(needle in part.casefold() for part in haystack)

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """Any task: the digests do not hold the text."""
        return None

    def describe(self) -> str:
        """The condition in words."""
        return f"包含“{self.text}”"


Row = tuple[Group, Task, Measure]
Found = tuple[TaskFacts, MeasureFacts]  # a matching measure's digest with its task's


@dataclass(frozen=True)
class Query:
    """Filters combined with AND, and a sort order."""

    filters: tuple[Filter, ...] = ()
    sort: str = "id"

    def run(self, ledger: Ledger, today: dt.date) -> list[Row]:
        """Return the matching measures with their task and group, as a new sorted list."""
        chosen = self._candidates(ledger, today)
        # Only the tasks that can match are rebuilt from the cache: a unit's list reads its own.
        scanned = ledger.iter_measures() if chosen is None else _measures_of(ledger, chosen)
        rows = [row for row in scanned if all(f.matches(*row, today) for f in self.filters)]
        return sort_rows(rows, self.sort, ledger)

    def run_digests(self, ledger: Ledger, today: dt.date) -> list[Found] | None:
        """The matching measures' digests with their tasks', sorted as `run` sorts; None when a
        filter must read the records (a person, a text) and so `run` has to answer."""
        judges = [getattr(f, "on_digest", None) for f in self.filters]
        if None in judges:
            return None
        chosen = self._candidates(ledger, today)
        index = ledger.index
        tasks = index.tasks.values() if chosen is None else map(index.tasks.__getitem__, chosen)
        found = [
            (task, measure)
            for task in tasks
            for measure in task.measures
            if all(judge(task, measure, today) for judge in judges)
        ]
        return sort_rows(found, self.sort, ledger, measure_of=_second)

    def _candidates(self, ledger: Ledger, today: dt.date) -> list[str] | None:
        chosen: list[str] | None = None
        for found in (f.candidates(ledger.index, today) for f in self.filters):
            if found is not None:
                wanted = set(found)
                chosen = found if chosen is None else [t for t in chosen if t in wanted]
        return chosen

    def describe(self) -> list[str]:
        """Each condition in words."""
        return [f.describe() for f in self.filters]


def _tasks_where(index: TaskIndex, holds: Callable[[MeasureFacts], bool]) -> list[str]:
    return [facts.id for facts in index.tasks.values() if any(map(holds, facts.measures))]


def _measures_of(ledger: Ledger, task_ids: list[str]) -> Iterator[Row]:
    for task_id in task_ids:
        task = ledger.tasks[task_id]
        group = ledger.groups[task.group]
        for measure in task.measures:
            yield group, task, measure


def _third(row: Row) -> Measure:
    return row[2]


def _second(found: Found) -> MeasureFacts:
    return found[1]


def sort_rows(rows: list, sort: str, ledger: Ledger, measure_of: Callable = _third) -> list:
    """Return rows sorted by id, deadline or lead unit (ties in id order); `measure_of` gives a
    row's measure (a record or a digest: both carry the id, deadline and lead unit)."""
    by_id = sorted(rows, key=lambda row: natural_key(measure_of(row).id))
    if sort == "deadline":
        return sorted(by_id, key=lambda row: measure_of(row).deadline)
    if sort == "unit":
        order = {name: index for index, name in enumerate(ledger.registry.units)}
        canonical = ledger.registry.canonical
        return sorted(
            by_id,
            key=lambda row: order.get(canonical(measure_of(row).lead_unit), len(order)),
        )
    return by_id


@dataclass(frozen=True)
class QueryOptions:
    """What the user asked for, as typed; `build_query` checks it against the ledger."""

    group: str | None = None
    task: str | None = None
    unit: str | None = None
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    due_within: str | None = None
    person: str | None = None
    search: str | None = None
    sort: str = "id"
    kinds: tuple[str, ...] = ()
    cadences: tuple[str, ...] = ()
    unacknowledged: bool = False
    closing: bool = False


def build_query(ledger: Ledger, options: QueryOptions) -> Query:
    """Check every option and build the query; a usage error names what is wrong and what is valid."""
    filters: list[Filter] = []
    sort = parse_sort(options.sort)
    if options.group is not None:
        group = find_group(ledger, options.group)
        filters.append(GroupFilter(group.id, group.short_name))
    if options.task is not None:
        task = find_task(ledger, options.task)
        filters.append(TaskFilter(task.id, task.title))
    if options.unit is not None:
        canonical = unit_argument(ledger, options.unit)
        filters.append(UnitFilter(canonical, ledger.registry.spellings(canonical)))
    if options.statuses:
        filters.append(StatusFilter(parse_statuses(options.statuses)))
    if options.kinds:
        filters.append(KindFilter(parse_kinds(options.kinds)))
    if options.cadences:
        default = ledger.rules.reporting.cadence
        filters.append(CadenceFilter(parse_cadences(options.cadences), default))
    if options.overdue:
        filters.append(OverdueFilter())
    if options.due_within is not None:
        filters.append(DueWithinFilter(parse_days(options.due_within)))
    if options.person is not None:
        name = options.person.strip()
        if not name:
            raise UsageError.single(
                "--person 的值不能为空", hint="写责任人姓名，例如 --person 张三"
            )
        filters.append(PersonFilter(name))
    if options.search is not None:
        text = options.search.strip()
        if not text:
            raise UsageError.single(
                "--search 的值不能为空", hint="写要查找的文字，例如 --search 冷链"
            )
        filters.append(SearchFilter(text))
    if options.unacknowledged:
        filters.append(UnacknowledgedFilter(ledger.rules, ledger.registry.canonical))
    if options.closing:
        filters.append(ClosingFilter())
    return Query(tuple(filters), sort)


def parse_sort(text: str) -> str:
    """Return a valid sort key or a usage error listing the valid ones."""
    return choose("--sort", text, SORT_KEYS)


def parse_statuses(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Stored statuses for values given as stored value or Chinese label (commas allowed)."""
    found: list[str] = []
    for value in values:
        for part in re.split(r"[,，、]", value):
            if not part.strip():
                continue
            status = status_value(part)
            if status is None:
                choices = "、".join(f"{key}（{label}）" for key, label in STATUS_LABELS.items())
                raise UsageError.single(
                    f"--status 的值“{part.strip()}”不是有效状态", hint=f"可用的状态：{choices}"
                )
            if status not in found:
                found.append(status)
    if not found:
        raise UsageError.single("--status 的值不能为空", hint="例如 --status 推进中")
    return tuple(found)


def parse_cadences(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Cadences given as stored value or Chinese label (周报, 季报…; commas allowed)."""
    words = {**{v: v for v in CADENCE_LABELS}, **{label: v for v, label in CADENCE_LABELS.items()}}
    found: list[str] = []
    for value in values:
        for part in re.split(r"[,，、]", value):
            key = part.strip()
            if not key:
                continue
            cadence = words.get(key.lower()) or words.get(key)
            if cadence is None:
                choices = "、".join(f"{k}（{label}）" for k, label in CADENCE_LABELS.items())
                raise UsageError.single(
                    f"--cadence 的值“{key}”不是报送周期", hint=f"可用的报送周期：{choices}"
                )
            if cadence not in found:
                found.append(cadence)
    if not found:
        raise UsageError.single("--cadence 的值不能为空", hint="例如 --cadence 周报")
    return tuple(found)


def parse_days(text: str) -> int:
    """A non-negative whole number of days, or a usage error."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():
        return int(raw)
    raise UsageError.single(
        f"--due-within 的值“{text}”不是天数",
        hint="写一个不小于 0 的整数，例如 --due-within 30（今天起 30 天内到期）",
    )


def _bad_choice(option: str, text: str, choices: dict[str, str]) -> str:
    near = difflib.get_close_matches(text.strip().lower(), list(choices), n=1, cutoff=0.5)
    listed = "；".join(f"{key}：{meaning}" for key, meaning in choices.items())
    hint = (f"是不是想写：{near[0]}？" if near else "") + f"可选值——{listed}"
    raise UsageError.single(f"{option} 的值“{text}”无效", hint=hint)


def choose(option: str, text: str, choices: dict[str, str], aliases: dict[str, str] | None = None):
    """Return the choice named by `text` (case-insensitive, aliases allowed) or a usage error."""
    key = text.strip().lower()
    key = (aliases or {}).get(key, key)
    if key in choices:
        return key
    return _bad_choice(option, text, choices)
