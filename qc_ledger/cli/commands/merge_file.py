"""`ledger merge-file`: the git merge driver that `setup` registers for task files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...errors import EXIT_DATA
from ...render.safe import visible
from ..base import app, guarded


@app.command("merge-file", hidden=False)
@guarded
def merge_file(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="共同基础版本（git 传入的 %O）。")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="这边的版本，合并结果写回这里（%A）。")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="另一边的版本（%B）。")],
    shown: Annotated[
        Path, typer.Argument(metavar="SHOWN", help="文件在仓库中的路径（%P），用于提示。")
    ],
) -> None:
    """git 的合并驱动（由 ledger setup 登记，不需要手工运行）：按措施合并任务文件，进展记录取并集。

    例：git 按 .gitattributes 调用 ledger merge-file %O %A %B %P
    """
    from ...collab.mergedriver import merge_file as merge

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
    raise typer.Exit(EXIT_DATA)
