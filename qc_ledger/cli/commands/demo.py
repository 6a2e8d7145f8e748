"""`ledger demo DIR`: a separate repository with invented progress, to learn the ledger on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...render.safe import visible
from ..base import _session, app, guarded
from ..writing import out


@app.command()
@guarded
def demo(
    ctx: typer.Context,
    target: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="新建的演示台账目录（不能已有内容，不能在 git 仓库之内）。"
        ),
    ],
) -> None:
    """新建一个演示台账：实施方案加上虚构的 2022–2025 年进展和提交历史，用来熟悉各个命令。正式台账不受影响。

    例：ledger demo ../演示台账 && cd ../演示台账 && LEDGER_TODAY=2025-06-30 ledger status
    """
    from ...usecases.demo import build_demo

    source = _session(ctx).root()
    outcome = build_demo(source, target)
    out(
        f"已新建演示台账 {visible(str(outcome.path))}：{outcome.commits} 次提交，数据截至 {outcome.as_of}。"
    )
    out("其中的进展和报送人都是虚构的（每条记录标有“（演示）”）。查看：")
    out(f"  cd {visible(str(outcome.path))}")
    out(f"  LEDGER_TODAY={outcome.as_of} ledger status")
