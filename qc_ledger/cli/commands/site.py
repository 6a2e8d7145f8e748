"""`ledger site DIR`: the leaders' dashboard as one offline HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..formats import KindOption, of_kinds
from ..writing import out


@app.command()
@guarded
def site(
    ctx: typer.Context,
    outdir: Annotated[
        Path, typer.Argument(metavar="DIR", help="看板网页写在这个目录中（没有时新建）。")
    ],
    kind: KindOption = None,
) -> None:
    """领导看板：生成一个不联网也能打开的网页（写在所给的目录中），含图表、筛选和来源说明。

    例：ledger site 看板；LEDGER_TODAY=2025-06-30 ledger site 看板，再用浏览器打开其中的网页
    """
    from ...usecases.site import build_site_page
    from ..base import tell_written

    session = _session(ctx)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError.single(
            f"{outdir} 已存在且不是目录", hint="换一个目录名，例如 ledger site 看板"
        )
    ledger = of_kinds(session.load(cached=True), kind)
    page = build_site_page(ledger, session.today(), outdir)
    tell_written(page.path)
    out(
        f"看板 {page.path}：{page.size // 1024} KB，{len(ledger.measures)} 项措施；{page.provenance.line()}"
    )
