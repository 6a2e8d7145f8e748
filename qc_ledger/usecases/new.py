"""The `new` use cases: a measure added to a task, a task file created in a group, or a supervised item, under the next free id."""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Group, Task
from ..domain.names import lookup
from ..edit.items import create_item
from ..edit.patching import MeasureDraft, add_measure, create_task
from ..errors import UsageError
from ..vocabulary import SOURCE_KIND_LABELS
from .outcome import Outcome, WriteOptions, run_edits


def new_measure(
    ledger: Ledger, task_id: str, draft: MeasureDraft, *, options: WriteOptions
) -> Outcome:
    """Add a measure to a task under the task's next free id."""
    task = lookup(ledger, task_id)
    if not isinstance(task, Task):
        raise UsageError.single(
            f"“{task.id}”不是任务",
            hint="--task 写任务编号，如 g1-t1（ledger show 工作组编号 可查看）",
        )
    path = ledger.path_of(task.id)
    return run_edits(
        ledger,
        lambda _signer: [add_measure(path, task.id, draft, period=ledger.plan.period)],
        lambda edits: f"{edits[0].record_id}: 新增措施\n\n{draft.text}\n",
        options,
    )


def new_task(
    ledger: Ledger,
    group_id: str,
    title: str,
    drafts: list[MeasureDraft],
    *,
    options: WriteOptions,
) -> Outcome:
    """Create a task file in a group under the group's next free id, with its measures."""
    group = lookup(ledger, group_id)
    if not isinstance(group, Group):
        raise UsageError.single(
            f"“{group.id}”不是工作组", hint=f"--group 写工作组编号：{'、'.join(ledger.groups)}"
        )
    return run_edits(
        ledger,
        # Named under the lock, so two commands never take the same free id.
        lambda _signer: [create_task(ledger, group.id, title, drafts)],
        lambda edits: f"{edits[0].record_id}: 新增任务（{len(drafts)} 项措施）\n\n{title}\n",
        options,
    )


def check_item(source: dict, draft: MeasureDraft, today: dt.date) -> None:
    """An item's own sense: its document not from the future, its lead not also cooperating."""
    if source.get("date") is not None and source["date"] > today:
        raise UsageError.single(
            f"--date {source['date']} 晚于今天（{today}）：来源文件的日期不能在将来",
            hint="写批示、纪要或提案印发的日期（YYYY-MM-DD）",
        )
    if draft.lead_unit in draft.cooperating_units:
        raise UsageError.single(
            f"{draft.lead_unit}既是牵头单位又列为配合单位",
            hint="从 --cooperating-unit 中去掉牵头单位",
        )
    if draft.deadline is not None and draft.deadline < today:
        raise UsageError.single(
            f"完成时限 {draft.deadline} 早于今天（{today}，即交办日期）",
            hint="改 --deadline 为今天或以后的日期",
        )


def new_item(
    ledger: Ledger, title: str, draft: MeasureDraft, source: dict, *, options: WriteOptions
) -> Outcome:
    """Create a supervised item (a task with a source and one measure) in the supervision group."""
    label = SOURCE_KIND_LABELS[source["kind"]]
    return run_edits(
        ledger,
        # Named under the lock, so two commands never take the same free id.
        lambda _signer: create_item(ledger, title, draft, source),
        lambda edits: f"{edits[-1].record_id}: 新增督办事项（{label}）\n\n{title}\n",
        options,
    )
