"""`ledger update`: change one measure through the update rules, optionally committing it."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, guarded
from ..writing import (
    AuthorOption,
    CommitOption,
    DeliverableOption,
    DryRunOption,
    PersonOption,
    confirm,
    interactive,
    relative,
    show_outcome,
)


@app.command()
@guarded
def update(
    ctx: typer.Context,
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="MEASURE_ID",
            help="措施编号，如 g1-t1-m2。",
            autocompletion=completion.measure_ids,
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            autocompletion=completion.statuses,
            help="新状态：not_started 未启动、in_progress 推进中、delayed 滞后、done 已完成、"
            "cancelled 已取消（英文值或中文均可）。",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress", "-p", metavar="PERCENT", help="进度，0–100 的整数。", show_default=False
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            "-n",
            metavar="TEXT",
            help="进展说明：追加一条带日期和署名的进展记录。",
            show_default=False,
        ),
    ] = None,
    problems: Annotated[
        str | None,
        typer.Option(
            "--problems",
            metavar="TEXT",
            help="存在问题：这次进展记录中写明遇到的困难和原因（亮红灯、逾期的措施应写明）。",
            show_default=False,
        ),
    ] = None,
    next_steps: Annotated[
        str | None,
        typer.Option(
            "--next-steps",
            metavar="TEXT",
            help="下步计划：这次进展记录中写明下一步做什么、何时完成。",
            show_default=False,
        ),
    ] = None,
    person: PersonOption = None,
    leader: Annotated[
        str | None,
        typer.Option(
            "--leader",
            metavar="NAME",
            help='责任领导：分管这项措施的领导，如 "李明（副局长）"。',
            show_default=False,
        ),
    ] = None,
    highlight: Annotated[
        bool,
        typer.Option("--highlight", help="把这次的进展标为经验亮点（进展通报中列出）。"),
    ] = False,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="新的完成时限 YYYY-MM-DD（须同时给 --reason）。",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="调整完成时限的理由（原时限保留）。",
            show_default=False,
        ),
    ] = None,
    deliverable: DeliverableOption = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            "-e",
            metavar="TEXT",
            help="佐证材料：文件号或链接（可重复给出）。",
            show_default=False,
        ),
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option(
            "--cadence",
            metavar="CADENCE",
            autocompletion=completion.cadences,
            help="报送周期：weekly 周报、monthly 月报、bimonthly 双月报、quarterly 季报、"
            "none 不用报（英文值或中文均可）；default 恢复按 data/rules.yaml 的默认周期。",
            show_default=False,
        ),
    ] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(
            "--milestone",
            metavar="DATE:PERCENT[:DELIVERABLE]",
            help="节点：日期:应达进度[:成果]，如 2026-06-30:60:方案印发；只有成果写 2026-06-30::方案印发。"
            "可重复；与已有节点同一天的替换它，其余节点保留。",
            show_default=False,
        ),
    ] = None,
    clear_milestones: Annotated[
        bool,
        typer.Option(
            "--clear-milestones",
            help="先删去已有的全部节点（再按 --milestone 设置；不给 --milestone 即不再有节点）。",
        ),
    ] = False,
    author: AuthorOption = None,
    commit: CommitOption = False,
    beyond_period: Annotated[
        bool,
        typer.Option(
            "--beyond-period",
            help="允许新的完成时限超出实施期（同时记下 beyond_period: true）。",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="进度 100% 而状态不是已完成时，确认按原样保存。")
    ] = False,
    dry_run: DryRunOption = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="报送的实际日期 YYYY-MM-DD（如上周收到的纸质报送），记为进展记录的日期；默认今天。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """更新一项措施：状态、进度、进展记录（含存在问题、下步计划）、责任人、责任领导、完成时限、成果形式、佐证材料、报送周期、节点。

    例：ledger update g1-t1-m2 --status in_progress --progress 40 --note "已起草实施办法" --commit

    例：ledger update g1-t1-m2 --note "完成 3 个镇街摸底" --problems "两个镇数据未报" --next-steps "6 月底前完成汇总"

    例：ledger update g1-t1-m2 --cadence 周报 --milestone 2026-03-31:30 --milestone 2026-06-30:60:方案印发

    环境变量：LEDGER_TODAY=YYYY-MM-DD 把“今天”定为这一天（演示、补录），提交日期也随之；LEDGER_ROOT 台账目录。
    """
    from ...edit import values
    from ...edit.update_rules import ConfirmationNeeded, UpdateRequest
    from ...usecases.update import update as update_measure

    session = _session(ctx)
    root = session.root()
    request = UpdateRequest(
        status=values.parse_status(status) if status is not None else None,
        progress=values.parse_progress(progress) if progress is not None else None,
        note=values.clean_text(note, "--note", multiline=True) if note is not None else None,
        problems=values.clean_text(problems, "--problems", multiline=True)
        if problems is not None
        else None,
        next_steps=values.clean_text(next_steps, "--next-steps", multiline=True)
        if next_steps is not None
        else None,
        person=values.clean_text(person, "--person", limit=200) if person is not None else None,
        leader=values.clean_text(leader, "--leader", limit=200) if leader is not None else None,
        highlight=highlight,
        deadline=values.parse_date(deadline, "--deadline") if deadline is not None else None,
        reason=values.clean_text(reason, "--reason") if reason is not None else None,
        deliverable=values.clean_text(deliverable, "--deliverable")
        if deliverable is not None
        else None,
        evidence=tuple(values.clean_text(item, "--evidence") for item in evidence or ()),
        beyond_period=beyond_period,
        force=force,
        date=values.parse_date(date, "--date") if date is not None else None,
        cadence=values.parse_cadence(cadence) if cadence is not None else None,
        milestones=tuple(values.parse_milestone(item) for item in milestone or ()),
        clear_milestones=clear_milestones,
    )
    ledger = session.load(cached=True)
    today = session.today()
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    try:
        outcome = update_measure(ledger, measure_id, request, today=today, options=options)
    except ConfirmationNeeded as question:
        if not interactive() or not confirm(f"{question.question}。仍要这样保存吗？"):
            raise
        request = dataclasses.replace(request, force=True)
        outcome = update_measure(ledger, measure_id, request, today=today, options=options)
    edit = outcome.edit
    done = [f"已更新措施 {edit.record_id}（{relative(edit.path, root)}）："]
    done += [f"  {line}" for line in edit.update.lines()]
    if edit.update.closing_step is not None:
        done.append("已申请办结，待统筹办审核：")
        done.append(
            f'  ledger close {edit.record_id} --approve 审核办结，或 --reject --reason "理由" 退回'
        )
    show_outcome(outcome, root, done, subject=edit.update.subject())
