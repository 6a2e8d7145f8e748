"""The `update` use case: one measure changed through the update rules, and written (and committed).

Never prints, asks or exits: a question the user must answer is raised as ConfirmationNeeded, and
the CLI runs the use case again with the answer.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Group, Measure
from ..domain.names import lookup
from ..edit.patching import Edit, update_measure
from ..edit.update_rules import UpdateRequest
from ..errors import UsageError
from .outcome import Outcome, WriteOptions, run_edits


def update(
    ledger: Ledger,
    measure_id: str,
    request: UpdateRequest,
    *,
    today: dt.date,
    options: WriteOptions,
) -> Outcome:
    """Apply the update rules to one measure as its file is now, and write (and commit) the result."""
    record = lookup(ledger, measure_id)
    if not isinstance(record, Measure):
        kind = "工作组" if isinstance(record, Group) else "任务"
        raise UsageError.single(
            f"“{record.id}”是{kind}，不是措施；ledger update 只修改措施",
            hint=f"用 ledger show {record.id} 查看其中各项措施的编号",
        )
    path = ledger.path_of(record.id)

    def make(signer: str | None) -> list[Edit]:
        return [
            update_measure(
                path,
                record.id,
                request,
                today=today,
                author=signer,
                period=ledger.plan.period,
                approval=ledger.rules.closing.approval,
            )
        ]

    return run_edits(ledger, make, lambda edits: edits[0].update.message(), options)
