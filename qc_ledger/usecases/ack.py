"""`ledger ack`: a unit acknowledges (签收) a measure, or every measure of a task assigned to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..collab.identity import identify
from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Task
from ..domain.names import lookup, unit_argument
from ..edit.step_edits import patch_measures
from ..edit.step_rules import plan_receipt
from ..errors import Problem, UsageError
from .outcome import Outcome, WriteOptions, run_edits


@dataclass(frozen=True)
class Acknowledged:
    """What `ack` did: the unit, the measures it signed now, those it had signed before."""

    unit: str
    signed: tuple[str, ...]
    already: tuple[str, ...]
    outcome: Outcome | None  # None: nothing to write


def acknowledge(
    ledger: Ledger,
    record_id: str,
    unit: str | None,
    note: str | None,
    *,
    today: dt.date,
    options: WriteOptions,
    saved_unit: str | None = None,
) -> Acknowledged:
    """Append the unit's receipt to the measure, or to each of the task's open measures it is on."""
    record = lookup(ledger, record_id)
    if isinstance(record, Group):
        raise UsageError.single(
            f"“{record.id}”是工作组；签收的是任务或措施",
            hint=f"用 ledger show {record.id} 查看其中各项任务的编号",
        )
    name = _signing_unit(ledger, unit, options, saved_unit)
    canonical = ledger.registry.canonical
    task = record if isinstance(record, Task) else ledger.measures[record.id][0]
    measures = [record] if isinstance(record, Measure) else _open(task.measures)
    mine = [m for m in measures if name in _assigned(m, canonical)]
    if not mine:
        raise _not_assigned(record, name, measures, canonical)
    already = tuple(m.id for m in mine if any(canonical(r.unit) == name for r in m.receipts))
    todo = [m.id for m in mine if m.id not in already]
    if not todo:
        return Acknowledged(name, (), already, None)
    path = ledger.path_of(task.id)

    def plan(_task: Task, measure: Measure):
        known = any(canonical(r.unit) == name for r in measure.receipts)
        return None if known else plan_receipt(measure, name, note, today, signer[0])

    signer: list[str | None] = [None]

    def make(who: str | None):
        signer[0] = who
        edit = patch_measures(path, todo, plan)
        return [edit] if edit is not None else []

    def message(edits) -> str:
        ids = [u.measure_id for edit in edits for u in edit.updates]
        head = (
            f"{ids[0]}: {name}签收" if len(ids) == 1 else f"{task.id}: {name}签收 {len(ids)} 项措施"
        )
        lines = [line for edit in edits for u in edit.updates for line in u.lines()]
        return head + "\n\n" + (f"{note}\n\n" if note else "") + "\n".join(lines) + "\n"

    outcome = run_edits(ledger, make, message, options)
    signed = tuple(u.measure_id for edit in outcome.edits for u in edit.updates)
    return Acknowledged(name, signed, already, outcome)


def _open(measures: list[Measure]) -> list[Measure]:
    return [m for m in measures if m.status not in ("done", "cancelled")]


def _assigned(measure: Measure, canonical) -> set[str]:
    return {canonical(unit) for unit in (measure.lead_unit, *measure.cooperating_units)}


def _signing_unit(
    ledger: Ledger, unit: str | None, options: WriteOptions, saved: str | None
) -> str:
    """--unit, else the unit whose account the signer commits with, else the saved default unit."""
    if unit is not None:
        return unit_argument(ledger, unit)
    from ..git.repo import configured_email, parse_author

    email = parse_author(options.author)[1] if options.author else None
    email = email or configured_email(ledger.root)
    if email:
        accounts = {
            account.lower(): entry.name
            for entry in ledger.registry.units.values()
            for account in entry.accounts
        }
        party = identify(email, email, accounts, set()).party
        if party is not None:
            return party
    if saved:
        return unit_argument(ledger, saved)
    raise UsageError.single(
        "不知道以哪个单位签收：提交邮箱没有登记在任何单位的 accounts 中",
        hint="加 --unit 单位名称，或用 ledger config set unit 单位名称 设好默认单位",
    )


def _not_assigned(record, name: str, measures: list[Measure], canonical) -> UsageError:
    kind = "措施" if isinstance(record, Measure) else "任务"
    units = list(dict.fromkeys(u for m in measures for u in sorted(_assigned(m, canonical))))
    if not measures:
        return UsageError(
            [
                Problem(
                    f"任务 {record.id} 的措施都已办结或取消，没有要签收的",
                    hint=f"用 ledger show {record.id} 查看",
                    code="receipt_unit",
                )
            ]
        )
    return UsageError(
        [
            Problem(
                f"{kind} {record.id} 不由{name}牵头或配合，{name}不能签收",
                hint=f"签收的应是其牵头或配合单位：{'、'.join(units)}；用 --unit 指明",
                code="receipt_unit",
            )
        ]
    )
