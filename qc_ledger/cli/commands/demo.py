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

    在台账仓库内运行时用这个台账的实施方案，在任何台账之外运行时用随软件安装的实施方案。

    例：ledger demo ../演示台账 && cd ../演示台账 && LEDGER_TODAY=2025-06-30 ledger status
    """
    from ...usecases.demo import build_demo

    source, origin = _plan(ctx)
    outcome = build_demo(source, target)
    out(f"实施方案取自{origin}。")
    out(
        f"已新建演示台账 {visible(str(outcome.path))}：{outcome.commits} 次提交，数据截至 {outcome.as_of}。"
    )
    out("其中的进展和报送人都是虚构的（每条记录标有“（演示）”）。查看：")
    out(f"  cd {visible(str(outcome.path))}")
    out(f"  LEDGER_TODAY={outcome.as_of} ledger status")


def _plan(ctx: typer.Context) -> tuple[Path, str]:
    """The enclosing ledger's plan; outside any ledger (and without --root) the one shipped."""
    from ...errors import RootNotFound
    from ...store.root import shipped_plan

    session = _session(ctx)
    try:
        root = session.root()
    except RootNotFound:
        shipped = shipped_plan()
        if session.root_option is not None or shipped is None:
            raise
        return shipped, "随软件安装的实施方案（当前目录不在台账之内）"
    return root, f"台账 {visible(str(root))}"
