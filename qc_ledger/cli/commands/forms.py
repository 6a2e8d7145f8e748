"""`ledger forms`: the progress-report issue forms, generated from the measures."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..writing import show_generated


@app.command()
@guarded
def forms(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查议题表单是否与台账的措施一致，不写文件。")
    ] = False,
) -> None:
    """生成“进展报送”议题表单（GitHub 和 Gitea）：选措施、填状态、进度、进展情况、存在问题、下步计划和佐证材料，不必编辑 YAML。

    例：ledger forms；措施增减后 ledger forms --check 会失败
    """
    from ...collab.forms import form_files
    from ...usecases.generated import write_generated

    ledger = _session(ctx).load()
    generated = write_generated(ledger.root, form_files(ledger), check=check)
    show_generated(generated, "台账的措施", "forms")
