"""`ledger init --from-plan FILE DIR`: a new ledger repository read from a plan document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...render.safe import visible
from ..base import _session, app, guarded
from ..writing import AuthorOption, out


@app.command()
@guarded
def init(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(metavar="DIR", help="新建的台账目录（不能已有内容）。")],
    plan_file: Annotated[
        Path,
        typer.Option(
            "--from-plan",
            metavar="FILE",
            help="方案文件：纯文本文件、.md 或 .docx 文档（段落和表格）。",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示读出的结构（树形），什么也不写。")
    ] = False,
    author: AuthorOption = None,
    carry_over: Annotated[
        Path | None,
        typer.Option(
            "--carry-over",
            metavar="DIR",
            help="上一轮方案的台账目录：其中未完成的措施列为结转清单，待统筹办确认。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """从方案文件新建台账：读出工作组、任务、措施、牵头和配合单位、完成时限，建好 git 仓库并提交一次。

    例：ledger init --from-plan 实施方案.docx 新台账 --dry-run（确认结构后去掉 --dry-run）
    """
    from ...usecases.init import init_from_plan

    session = _session(ctx)
    outcome = init_from_plan(
        plan_file,
        target,
        today=session.today(),
        author=author,
        dry_run=dry_run,
        carry_over=carry_over,
    )
    reading = outcome.reading
    records = reading.records
    if dry_run:
        for line in reading.tree:
            out(visible(line))
        if not reading.fidelity.ok:
            for where, text in reading.fidelity.missing:
                out(f"未收录：{where}“{visible(text)}”")
            for where, text in reading.fidelity.added:
                out(f"原文中找不到：{where}“{visible(text)}”")
        out(
            f"（预览）{len(records.groups)} 个工作组、{len(records.tasks)} 项任务、"
            f"{records.measure_count()} 项措施、{len(records.inferences)} 项推定；什么也没有写。"
        )
        return
    out(
        f"已新建台账 {visible(str(outcome.path))}：{len(records.groups)} 个工作组、"
        f"{len(records.tasks)} 项任务、{records.measure_count()} 项措施（版式：{reading.outline.layout}）。"
    )
    out("忠实性检查通过：方案任务部分的每一句都在台账中，措施内容都出自原文。")
    out(
        f"{len(records.inferences)} 项推定、{len(records.aliases)} 条单位别名建议，"
        "逐项列在 data/source/init-report.md，请统筹办确认。下一步："
    )
    if reading.records.plan.get("predecessor"):
        out(
            f"上一轮台账中未完成的措施 {len(reading.carried)} 项列在 data/source/carry-over.md（结转），"
            "请统筹办逐项确认。"
        )
    out(f"  cd {visible(str(outcome.path))}")
    out("  ledger validate && ledger status")
