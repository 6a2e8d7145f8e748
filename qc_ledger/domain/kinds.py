"""Where work comes from (来源): kinds named on the command line, a filter on measures, a narrower ledger.

Pure: never prints, exits or reads a file. A narrower ledger is a new value; the loaded one is unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..errors import UsageError
from ..vocabulary import SOURCE_KIND, SOURCE_KIND_LABELS
from .digest import TaskIndex
from .ledger import Ledger
from .models import Group, Measure, Task
from .names import listed
from .supervision_models import SOURCE_KINDS


def kind_value(text: str) -> str | None:
    """The stored kind for a stored value or its Chinese label, or None if neither."""
    key = text.strip()
    if key.lower() in SOURCE_KIND_LABELS:
        return key.lower()
    return next((value for value, label in SOURCE_KIND_LABELS.items() if label == key), None)


def kind_choices(kinds: tuple[str, ...] = SOURCE_KINDS) -> str:
    """The kinds as a user may write them: value (label), ..."""
    return "、".join(f"{kind}（{SOURCE_KIND_LABELS[kind]}）" for kind in kinds)


def parse_kind(text: str, option: str = "--kind", kinds: tuple[str, ...] = SOURCE_KINDS) -> str:
    """One kind among `kinds`, given as value or label; else a usage error listing the choices."""
    found = kind_value(text)
    if found is None or found not in kinds:
        raise UsageError.single(
            f"{option} 的值“{text.strip()}”不是有效的来源类别",
            hint=f"可用的来源类别：{kind_choices(kinds)}",
        )
    return found


def parse_kinds(values: tuple[str, ...] | list[str], option: str = "--kind") -> tuple[str, ...]:
    """Stored kinds for values given as value or label, repeated or comma-separated, each once."""
    return listed(values, lambda part: parse_kind(part, option), option, "领导批示")


@dataclass(frozen=True)
class KindFilter:
    """Measures of tasks from any of the given sources (plan: the plan's own tasks)."""

    kinds: tuple[str, ...]

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Its task comes from one of the kinds."""
        return task.kind in self.kinds

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """Any task: the digests do not hold the source."""
        return None

    def describe(self) -> str:
        """The condition in words."""
        return f"{SOURCE_KIND} " + "或".join(SOURCE_KIND_LABELS[kind] for kind in self.kinds)


def of_kinds(ledger: Ledger, kinds: tuple[str, ...]) -> Ledger:
    """The ledger with only the tasks of these kinds, and only the groups that hold one (for views)."""
    if not kinds:
        return ledger
    tasks = {task_id: task for task_id, task in ledger.tasks.items() if task.kind in kinds}
    held = {task.group for task in tasks.values()}
    groups = {group_id: group for group_id, group in ledger.groups.items() if group_id in held}
    return replace(ledger, tasks=tasks, groups=groups, index=None)
