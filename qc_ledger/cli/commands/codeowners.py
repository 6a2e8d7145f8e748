"""`ledger codeowners`: the CODEOWNERS files, generated from the register and the policy."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..writing import show_generated


@app.command(short_help="按单位名录的账号生成 CODEOWNERS（GitHub、GitLab、Gitea）。")
@guarded
def codeowners(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查 CODEOWNERS 是否与单位名录一致，不写文件。")
    ] = False,
) -> None:
    """按单位名录的账号生成 GitHub、GitLab、Gitea 的 CODEOWNERS：任务文件由其措施的牵头单位审核，其余由统筹办审核。

    例：ledger codeowners；CI 中 ledger codeowners --check
    """
    from ...collab.codeowners import generate
    from ...usecases.generated import write_generated

    ledger = _session(ctx).load()
    generated = write_generated(ledger.root, generate(ledger), check=check)
    show_generated(generated, "单位名录和权限", "codeowners")
