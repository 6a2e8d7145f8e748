"""Review of receipts and closing: a unit signs for itself and may ask to close; only the office decides.

Pure: one record's change, the submitter's unit and the base branch's rules in, violations out.
"""

from __future__ import annotations

from ..history.recorddiff import RecordChange
from ..vocabulary import CLOSING_LABELS
from .violations import Violation


def closing_violations(
    change: RecordChange, party: str, who: str, aliases: dict[str, str], approval: bool
) -> list[Violation]:
    """A unit's receipts for other units, its approvals or returns, and done set while approval is on."""
    found = []
    receipts = change.change_of("receipts")
    for entry in receipts.added if receipts else ():
        unit = entry.get("unit") if isinstance(entry, dict) else None
        if aliases.get(str(unit), str(unit)) != party:
            found.append(
                Violation(
                    change.record_id,
                    "receipts",
                    who,
                    f"{party}的联系人只能为本单位签收，这条签收写的是“{unit}”",
                    f"把 unit 改为 {party}；其他单位由其自己签收（ledger ack）",
                )
            )
    steps = change.change_of("closing")
    decided = [
        e
        for e in (steps.added if steps else ())
        if isinstance(e, dict) and e.get("action") != "request"
    ]
    status = change.change_of("status")
    hint = (
        f'单位用 ledger update {change.record_id} --status done --note "完成情况" 申请办结，'
        f"由统筹办 ledger close {change.record_id} --approve 审核"
    )
    if decided:
        actions = "、".join(
            sorted({CLOSING_LABELS.get(str(e.get("action")), "办结") for e in decided})
        )
        found.append(
            Violation(
                change.record_id,
                "closing",
                who,
                f"单位写入了“{actions}”：审核办结和退回只由统筹办做，单位只能申请办结",
                hint,
            )
        )
    if approval and status is not None and status.new == "done":
        found.append(
            Violation(
                change.record_id,
                "status",
                who,
                "单位把状态改为已完成：rules.yaml 的 closing.approval 为 true 时，这等于审核办结，"
                "只由统筹办做",
                hint,
            )
        )
    return found
