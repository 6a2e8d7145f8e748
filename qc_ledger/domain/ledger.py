"""The loaded ledger as a value: records indexed by id, where each came from, the rules in force.

Frozen: built once, by the one assembler in load/assemble.py, and never changed after. Loading
lives above it, so nothing here reads a directory; never prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from ..errors import Problem
from .digest import TaskIndex
from .lazy import LazyMap
from .models import Group, Measure, OfficeRecords, Plan, Policy, Rules, Task
from .rebuild import trusted
from .registry import Registry

PLAN_KEY = "@plan"
UNITS_KEY = "@units"
RULES_KEY = "@rules"
POLICY_KEY = "@policy"
OFFICE_KEY = "@office"


class Source(Protocol):
    """Where a record came from, as the domain needs it: a path and a kind."""

    path: Path
    kind: str


@dataclass(frozen=True)
class Ledger:
    """Every record of the ledger, validated, indexed by id, with where each came from."""

    root: Path
    plan: Plan
    registry: Registry
    groups: dict[str, Group]
    tasks: Mapping[str, Task]
    rules: Rules
    sources: Mapping[str, Source] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    # The records of every file but the tasks (plan, units, rules, groups, policy, office) in load
    # order: with the tasks' digests, what a change to a few task files is checked against.
    support: tuple[tuple[Source, object], ...] = field(default=(), repr=False)
    # Each folder under data/ with its identity and a digest of the names it listed when loaded
    # (folders.py): a file added, removed or renamed since shows.
    folders: tuple = field(default=(), repr=False)
    policy: Policy | None = None  # data/policy.yaml, when the repository has one
    # data/office.yaml, or none yet: the empty records built without validation, which would build
    # the office models' validators (a fiftieth of a second) for nothing.
    office: OfficeRecords = field(default_factory=lambda: trusted(OfficeRecords, {}))
    files: tuple[str, ...] = field(default=(), repr=False)  # every loaded file's path, as text
    # Every task's digest: given when the tasks are restored lazily, else made from the records.
    index: TaskIndex | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.index is None:
            # The one field made here: a frozen value sets it through object, once, at birth.
            object.__setattr__(self, "index", TaskIndex.of(self.tasks.values()))

    @cached_property
    def measures(self) -> Mapping[str, tuple[Task, Measure]]:
        """Every measure by id with its task, in plan order (the index made on first use)."""
        return LazyMap(self.index.measure_at, self._measure_at)

    def _measure_at(self, _measure_id: str, at: tuple[str, int]) -> tuple[Task, Measure]:
        task = self.tasks[at[0]]
        return task, task.measures[at[1]]

    def tasks_of(self, group_id: str) -> list[Task]:
        """Return the tasks of one group in file order."""
        return [self.tasks[task_id] for task_id in self.index.by_group.get(group_id, ())]

    def each_task(self, task_ids: Iterable[str] | None = None) -> Iterator[Task]:
        """Every task's record in file order (or these tasks', in the order given); restored
        lazily, each is rebuilt and not kept."""
        if not hasattr(self.tasks, "passing"):
            if task_ids is None:
                yield from self.tasks.values()
            else:
                yield from (self.tasks[task_id] for task_id in task_ids)
            return
        for task_id in self.tasks if task_ids is None else task_ids:
            yield self.task_passing(task_id)

    def task_passing(self, task_id: str) -> Task:
        """One task's record; restored lazily and not built yet, rebuilt for the caller alone."""
        passing = getattr(self.tasks, "passing", None)
        return self.tasks[task_id] if passing is None else passing(task_id)

    def file_names(self) -> set[str]:
        """Every loaded file's path as text, without building a record."""
        return set(self.files) or {str(source.path) for source in self.sources.values()}

    def iter_measures(self) -> Iterator[tuple[Group, Task, Measure]]:
        """Yield every measure with its task and group, in plan order."""
        for task in self.tasks.values():
            group = self.groups[task.group]
            for measure in task.measures:
                yield group, task, measure

    def each_measure(
        self, task_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[Group, Task, Measure]]:
        """Every measure with its task and group, in plan order (or of these tasks, in the order
        given); each task rebuilt and let go."""
        for task in self.each_task(task_ids):
            group = self.groups[task.group]
            for measure in task.measures:
                yield group, task, measure

    def path_of(self, record_id: str) -> Path:
        """Return the file holding a group, task or measure."""
        if record_id in self.measures:
            record_id = self.measures[record_id][0].id
        return self.sources[record_id].path

    def all_ids(self) -> list[str]:
        """Return every group, task and measure id."""
        return [*self.groups, *self.tasks, *self.measures]

    def kind_of(self, record_id: str) -> str | None:
        """Whether an id names a group, a task or a measure (None: none of them)."""
        if record_id in self.groups:
            return "group"
        if record_id in self.tasks:
            return "task"
        return "measure" if record_id in self.measures else None
