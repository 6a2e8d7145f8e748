"""`ledger import`: a workbook a unit filled in, compared three ways and applied as one change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..writing import (
    AuthorOption,
    CommitOption,
    DryRunOption,
    confirm,
    interactive,
    out,
    relative,
    show_outcome,
)


@app.command("import")
@guarded
def import_sheet(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="单位填好的工作簿。")],
    dry_run: DryRunOption = False,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="有被拒绝的行时，仍导入其余没有问题的措施。"),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="不询问，直接导入（脚本中使用）。")
    ] = False,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="单位",
            help="交回这份表格的单位：表格须是导出给它的（全台账工作簿或导出给别的单位的表格都拒绝）。",
            show_default=False,
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
) -> None:
    """导入单位填好的 xlsx 工作簿：只导入表中改过的内容，逐项按更新规则检查，一次写入、一次提交。

    与导出时的底稿和台账现状三方比较：导出后台账中已被他人修改的项只列出、不覆盖；有任何一行被拒绝时什么也不改（除非 --partial）。

    单位交回的表格加 --from 单位：只有导出给这个单位的表格才导入。

    例：ledger import 教育局.xlsx --from 区教育局 --dry-run；ledger import 教育局.xlsx --from 区教育局 --commit
    """
    from ...usecases.imports import import_sheet as apply_plan
    from ...usecases.imports import plan_workbook

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    today = session.today()
    from ...domain.names import unit_argument

    unit = unit_argument(ledger, sender) if sender is not None else None
    plan = plan_workbook(ledger, file, today, unit)
    _show_plan(plan, file, ledger)
    if not plan.applicable() and not plan.refusals and not plan.conflicts:
        out("表中没有需要导入的修改。")
        return
    refused = bool(plan.refusals or plan.conflicts)
    if not dry_run and not yes and (partial or not refused):
        if not interactive():
            raise UsageError.single(
                "导入前需要确认", hint="在终端中运行并回答 y，或加 --yes（脚本中）"
            )
        if not confirm("导入这些修改吗？"):
            out("没有导入，什么也没有改动。")
            return
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = apply_plan(
        ledger, plan, source=file.name, today=today, partial=partial, options=options
    )
    if outcome.dry_run:
        show_outcome(outcome, root, ["（--dry-run：没有写文件，也没有提交）"], diff=False)
    elif not outcome.edits:
        show_outcome(outcome, root, ["没有可导入的修改，什么也没有改动。"], uncommitted=None)
    else:
        files = "、".join(relative(edit.path, root) for edit in outcome.edits)
        count = sum(len(edit.updates) for edit in outcome.edits)
        show_outcome(outcome, root, [f"已导入 {count} 项措施的修改（{files}）。"])


def _show_plan(plan, file: Path, ledger) -> None:
    from ...sheets.layout import BY_KEY, shortened

    origin = f"导出自提交 {plan.commit[:7]}" if plan.commit else "导出时不在 git 仓库中"
    measures = len({c.measure_id for c in plan.changes})
    scope = f"，导出给{plan.unit}" if plan.unit else ""
    out(
        f"{file.name}：{origin}{scope}，统计日期 {plan.as_of}；{plan.rows} 行，{measures} 项措施有修改。"
    )
    if plan.origin:
        out(f"  注意：{plan.origin}。")
    for change in plan.changes:
        header = BY_KEY[change.where.key].header
        old = shortened(change.base, 80) or "（空）"
        new = shortened(change.sheet, 80)
        out(f"  {change.measure_id} {header}：{old} → {new}（{change.where.cell}）")
    if plan.meanwhile:
        out(
            f"  另有 {len(plan.meanwhile)} 处导出后台账中已修改、表中未改：保持台账现值，例如 "
            f"{plan.meanwhile[0].measure_id} {BY_KEY[plan.meanwhile[0].where.key].header}"
            f"为“{shortened(plan.meanwhile[0].now, 80)}”。"
        )
