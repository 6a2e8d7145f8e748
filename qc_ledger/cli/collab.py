"""Commands for working together through git: `setup` and the `merge-file` driver it registers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..render.safe import visible
from .base import _session, app, guarded


@app.command()
@guarded
def setup(ctx: typer.Context) -> None:
    """为本仓库做好协作设置：登记任务文件的合并方式（两个单位同时报送同一措施时进展记录自动合并），安装提交前校验。"""
    from ..clonesetup import setup as configure

    outcome = configure(_session(ctx).root())
    for line in outcome.done:
        sys.stdout.write(f"{visible(line)}\n")
    for line in outcome.advice:
        sys.stdout.write(f"提示：{visible(line)}\n")


@app.command("merge-file", hidden=False)
@guarded
def merge_file(
    base: Annotated[Path, typer.Argument(help="共同基础版本（git 传入的 %O）。")],
    ours: Annotated[Path, typer.Argument(help="这边的版本，合并结果写回这里（%A）。")],
    theirs: Annotated[Path, typer.Argument(help="另一边的版本（%B）。")],
    shown: Annotated[Path, typer.Argument(help="文件在仓库中的路径（%P），用于提示。")],
) -> None:
    """git 的合并驱动（由 ledger setup 登记，不需要手工运行）：按措施合并任务文件，进展记录取并集。"""
    from ..mergedriver import merge_file as merge

    outcome = merge(base, ours, theirs, shown)
    name = visible(shown.as_posix())
    if outcome.clean:
        if outcome.by_records:
            sys.stderr.write(f"{name}：两边的修改已按措施合并（进展记录取并集，按日期排列）。\n")
        return
    sys.stderr.write(
        f"{name}：有需要人工决定的冲突，文件中已用 <<<<<<< 这边 / >>>>>>> 另一边 标出。\n"
    )
    for conflict in outcome.conflicts:
        sys.stderr.write(f"  {visible(conflict.describe())}\n")
    for problem in outcome.problems:
        sys.stderr.write(f"  {visible(problem)}\n")
    sys.stderr.write(
        "  → 两个都是有效的报送时不要只保留一边：和对方单位确认实际的状态和进度，"
        "把两边的进展记录都留下，删去冲突标记后 ledger validate，再 git add 并提交。\n"
    )
    raise typer.Exit(1)


@app.command()
@guarded
def codeowners(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查 CODEOWNERS 是否与单位名录一致，不写文件。")
    ] = False,
) -> None:
    """按单位名录的账号生成 GitHub、GitLab、Gitea 的 CODEOWNERS：任务文件由其措施的牵头单位审核，其余由统筹办审核。"""
    from ..codeowners import generate, stale
    from ..files import write_atomic

    ledger = _session(ctx).load()
    if check:
        outdated = stale(ledger)
        if outdated:
            sys.stderr.write(
                f"以下 CODEOWNERS 与单位名录不一致：{visible('、'.join(outdated))}\n"
                "  → 运行 ledger codeowners 重新生成，并提交\n"
            )
            raise typer.Exit(1)
        sys.stdout.write("CODEOWNERS 与单位名录一致（GitHub、GitLab、Gitea 各一份）。\n")
        return
    for path, text in generate(ledger).items():
        target = ledger.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
        sys.stdout.write(f"已写入 {path}\n")
