"""`ledger site DIR`: the leaders' dashboard as one offline HTML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..writing import out


@app.command()
@guarded
def site(
    ctx: typer.Context,
    outdir: Annotated[
        Path, typer.Argument(metavar="DIR", help="看板网页写在这个目录中（没有时新建）。")
    ],
) -> None:
    """领导看板：生成一个不联网也能打开的网页（写在所给的目录中），含图表、筛选和来源说明。

    例：ledger site 看板；LEDGER_TODAY=2025-06-30 ledger site 看板，再用浏览器打开其中的网页
    """
    from ... import __version__
    from ...git.provenance import source_of
    from ...render.site_html import site_html
    from ...reports.site import Provenance, build_site
    from ..base import write_output

    session = _session(ctx)
    root = session.root()
    if outdir.exists() and not outdir.is_dir():
        raise UsageError.single(
            f"{outdir} 已存在且不是目录", hint="换一个目录名，例如 ledger site 看板"
        )
    ledger = session.load(cached=True)
    today = session.today()
    source = source_of(ledger.root)
    built = dt.datetime.now().astimezone()
    provenance = Provenance(
        as_of=today,
        real_today=built.date(),
        commit=source.commit,
        dirty=source.dirty,
        built=built.strftime("%Y-%m-%d %H:%M %z"),
        generator=f"qc-ledger {__version__}",
        groups=len(ledger.groups),
        tasks=len(ledger.tasks),
        measures=len(ledger.measures),
        units=len(ledger.registry.units),
    )
    page = site_html(build_site(ledger, today, provenance)).encode("utf-8")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError.single(
            f"无法创建目录 {outdir}（{exc.strerror}）", hint="换一个目录"
        ) from None
    write_output(page, outdir / "index.html", root)
    out(
        f"看板 {outdir / 'index.html'}：{len(page) // 1024} KB，{len(ledger.measures)} 项措施；{provenance.line()}"
    )
