"""Receipt and closing across the ledger: who still owes a receipt, which requests wait for the office.

Pure data for the status screen; reads the full records of the tasks whose digest marks them
supervised (receipts and closing steps are not in the digests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.ledger import Ledger
from ..domain.supervision import pending_request, receipt_due, unacknowledged
from ..vocabulary import CLOSING_REQUESTED, UNACKNOWLEDGED


@dataclass(frozen=True)
class Owed:
    """One receipt a unit owes: the measure, its task's title, the last day to sign."""

    unit: str
    measure_id: str
    task_title: str
    due: dt.date
    late: bool


@dataclass(frozen=True)
class Supervision:
    """Receipts owed (by unit and measure) and the measures whose request to close waits."""

    owed: tuple[Owed, ...]
    pending: tuple[str, ...]

    def line(self) -> str:
        """One line for the status screen (empty when nothing is owed or waiting)."""
        parts = []
        if self.owed:
            measures = len({item.measure_id for item in self.owed})
            late = len({item.measure_id for item in self.owed if item.late})
            units = len({item.unit for item in self.owed})
            text = f"{UNACKNOWLEDGED} {measures} 项措施（{units} 个单位"
            text += f"，其中 {late} 项已超过签收期限）" if late else "）"
            parts.append(text + "：ledger list --unacknowledged")
        if self.pending:
            parts.append(f"{CLOSING_REQUESTED} {len(self.pending)} 项：ledger list --closing")
        return "；".join(parts)

    def of_unit(self, unit: str) -> list[Owed]:
        """The receipts one unit owes."""
        return [item for item in self.owed if item.unit == unit]


def supervision(ledger: Ledger, today: dt.date) -> Supervision:
    """Every receipt owed as of today, and every request to close not yet decided."""
    rules, period = ledger.rules, ledger.plan.period
    canonical = ledger.registry.canonical
    owed: list[Owed] = []
    pending: list[str] = []
    # The tasks' digests say which can owe anything: a province's plan tasks are not rebuilt.
    every = "plan" in rules.receipt.kinds
    watched = list(ledger.index.tasks) if every else ledger.index.supervised_ids()
    for task, measure in ((ledger.tasks[i], m) for i in watched for m in ledger.tasks[i].measures):
        units = unacknowledged(task, measure, rules, canonical)
        if units:
            due = receipt_due(task, measure, rules, period)
            owed += [Owed(unit, measure.id, task.title, due, today > due) for unit in units]
        if pending_request(measure) is not None:
            pending.append(measure.id)
    return Supervision(tuple(owed), tuple(pending))
