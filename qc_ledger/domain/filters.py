"""The conditions `ledger list` can put on a measure: each a small value that tests a record or its digest.

Pure: a filter says whether a measure passes and, from the task digests alone, which tasks can hold one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..vocabulary import CADENCE_LABELS, OVERDUE, STATUS_LABELS
from .digest import MeasureFacts, TaskFacts, TaskIndex
from .models import Group, Measure, Task
from .timeliness import is_due_within, is_overdue


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


def _tasks_where(index: TaskIndex, holds: Callable[[MeasureFacts], bool]) -> list[str]:
    return [facts.id for facts in index.tasks.values() if any(map(holds, facts.measures))]
