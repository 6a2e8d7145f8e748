"""The list filters of receipt and closing: `ledger list --unacknowledged` and `--closing`. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..vocabulary import CLOSING_REQUESTED, UNACKNOWLEDGED
from .digest import TaskIndex
from .models import Group, Measure, Rules, Task
from .supervision import pending_request, unacknowledged


@dataclass(frozen=True)
class UnacknowledgedFilter:
    """Open measures some assigned unit has not acknowledged (未签收) though the rules require it."""

    rules: Rules
    canonical: Callable[[str], str]

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """Some unit still owes its receipt."""
        return bool(unacknowledged(task, measure, self.rules, self.canonical))

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The supervised tasks (every task when plan measures need a receipt too)."""
        if "plan" in self.rules.receipt.kinds:
            return None
        return [facts.id for facts in index.tasks.values() if facts.supervised]

    def describe(self) -> str:
        """The condition in words."""
        return UNACKNOWLEDGED


@dataclass(frozen=True)
class ClosingFilter:
    """Measures whose request to close waits for the office (待审核办结)."""

    def matches(self, group: Group, task: Task, measure: Measure, today: dt.date) -> bool:
        """A request is pending."""
        return pending_request(measure) is not None

    def candidates(self, index: TaskIndex, today: dt.date) -> list[str] | None:
        """The tasks with closing steps and a measure not yet done or cancelled."""
        return [
            facts.id
            for facts in index.tasks.values()
            if facts.supervised
            and any(m.status not in ("done", "cancelled") for m in facts.measures)
        ]

    def describe(self) -> str:
        """The condition in words."""
        return CLOSING_REQUESTED
