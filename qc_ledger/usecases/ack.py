"""`ledger ack`: a unit acknowledges (签收) a measure, or every measure of a task assigned to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..collab.identity import identify
from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Task
from ..domain.names import lookup, unit_argument
from ..domain.supervision import needs_receipt
from ..edit.step_edits import patch_measures
from ..edit.step_rules import plan_receipt
from ..errors import Problem, UsageError
from ..vocabulary import SOURCE_KIND_LABELS
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
    if not needs_receipt(task, ledger.rules):
        raise UsageError.single(
            f"{task.id} 是{SOURCE_KIND_LABELS[task.kind]}，按 data/rules.yaml 的 receipt.kinds 不须签收；"
            "什么也没有写入",
            hint="须签收的来源类别写在 rules.yaml 的 receipt.kinds 中（方案措施是 plan）",
        )
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
    """--unit, else the unit whose account the signer commits with, else the saved default unit.

    A contact registered to one unit never signs for another: only the office may sign for any.
    """
    from ..git.repo import configured_email, parse_author

    email = parse_author(options.author)[1] if options.author else None
    email = email or configured_email(ledger.root)
    party = None
    if email:
        accounts = {
            account.lower(): entry.name
            for entry in ledger.registry.units.values()
            for account in entry.accounts
        }
        party = identify(email, email, accounts, set()).party
    if unit is not None:
        name = unit_argument(ledger, unit)
        office = {a.lower() for a in ledger.policy.office_accounts} if ledger.policy else set()
        if party is not None and party != name and (email or "").lower() not in office:
            raise UsageError.single(
                f"提交邮箱 {email} 登记为{party}的联系人，不能为{name}签收",
                hint=f"由{name}的联系人签收；或去掉 --unit，为{party}签收",
            )
        return name
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
