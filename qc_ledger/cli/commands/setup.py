"""`ledger setup`: a clone set up for working together (merge driver, pre-commit check)."""

from __future__ import annotations

import sys

import typer

from ...render.safe import visible
from ..base import _session, app, guarded


@app.command()
@guarded
def setup(ctx: typer.Context) -> None:
    """为本仓库做好协作设置：登记任务文件的合并方式（两个单位同时报送同一措施时进展记录自动合并），安装提交前校验。

    例：ledger setup（在每个克隆中运行一次）
    """
    from ...collab.setup import setup as configure

    outcome = configure(_session(ctx).root())
    for line in outcome.done:
        sys.stdout.write(f"{visible(line)}\n")
    for line in outcome.advice:
        sys.stdout.write(f"提示：{visible(line)}\n")
