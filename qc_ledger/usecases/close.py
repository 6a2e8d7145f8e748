"""`ledger close`: the office approves a unit's request to close a measure (审核办结) or returns it."""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Measure
from ..domain.names import lookup
from ..edit.step_edits import patch_measures
from ..edit.step_rules import plan_close
from ..errors import UsageError
from .outcome import Outcome, WriteOptions, run_edits


def close(
    ledger: Ledger,
    measure_id: str,
    *,
    approve: bool,
    note: str | None,
    today: dt.date,
    options: WriteOptions,
) -> Outcome:
    """Approve (status done, 100%) or return the measure's pending request, as one write."""
    record = lookup(ledger, measure_id)
    if not isinstance(record, Measure):
        raise UsageError.single(
            f"“{record.id}”不是措施；办结按措施逐项审核",
            hint=f"用 ledger list --closing 列出待审核的办结申请，或 ledger show {record.id}",
        )
    path = ledger.path_of(record.id)

    def make(signer: str | None):
        edit = patch_measures(
            path, [record.id], lambda _task, m: plan_close(m, approve, note, today, signer)
        )
        return [edit] if edit is not None else []

    return run_edits(ledger, make, lambda edits: edits[0].update.message(), options)
