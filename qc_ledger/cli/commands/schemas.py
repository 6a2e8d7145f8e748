"""`ledger schemas`: the JSON Schemas under schemas/, generated from the models."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..writing import show_generated


@app.command()
@guarded
def schemas(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查 schemas/ 是否与模型一致，不写文件。")
    ] = False,
) -> None:
    """由数据模型生成 schemas/ 下的 JSON Schema（编辑器据此提示字段和取值）。

    例：ledger schemas；CI 中 ledger schemas --check
    """
    from ...usecases.generated import write_generated
    from ...usecases.schemas import SCHEMA_DIR, generate

    root = _session(ctx).root()
    files = {f"{SCHEMA_DIR}/{name}": text for name, text in generate(root).items()}
    generated = write_generated(root, files, check=check)
    show_generated(generated, "模型和单位名录", "schemas")
