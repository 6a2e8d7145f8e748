"""`ledger undo`: revert the last ledger commit made from this clone, as a new commit."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..writing import AuthorOption, confirm, interactive, out, relative, show_outcome


@app.command()
@guarded
def undo(
    ctx: typer.Context,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="不询问，直接撤销（脚本中使用）。")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示将要撤销什么，不写文件、不提交。")
    ] = False,
    author: AuthorOption = None,
) -> None:
    """撤销本克隆中 ledger 最近做出的一次提交：先列出要撤销的内容，确认后以一次新提交恢复原样（从不改写历史）。

    例：ledger undo --dry-run 先看看；ledger undo 确认后撤销；再运行一次撤销更早的一次。
    """
    from ...usecases.undo import plan_undo
    from ...usecases.undo import undo as revert

    session = _session(ctx)
    root = session.root()
    plan = plan_undo(root)
    out(f"将撤销提交 {plan.sha[:7]}（{plan.author}）：{plan.subject}")
    for change in plan.changes:
        for line in change.lines():
            out(f"  {change.record_id.removeprefix('unit:')}：{line}")
    files = "、".join(relative(edit.path, root) for edit in plan.edits)
    out(f"  文件：{files}")
    if dry_run:
        out("（--dry-run：没有修改任何文件）")
        return
    if not yes:
        if not interactive():
            raise UsageError.single(
                "撤销前需要确认", hint="在终端中运行并回答 y，或加 --yes（脚本中）"
            )
        if not confirm("确定撤销吗？"):
            out("没有撤销，什么也没有改动。")
            return
    outcome = revert(root, plan, author=session.author(author))
    done = f"已撤销：新提交 {outcome.sha[:7]} 恢复了 {files} 在 {plan.sha[:7]} 之前的内容。"
    show_outcome(outcome, root, [done], edit_notes=False, names_commit=True)
