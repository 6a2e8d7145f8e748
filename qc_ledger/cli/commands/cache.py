"""`ledger cache clear`: remove the private cache of read-only commands."""

from __future__ import annotations

import sys

from ...render.safe import visible
from ..base import app, guarded
from ..helptext import HelpGroup, LedgerTyper

cache_app = LedgerTyper(
    cls=HelpGroup,
    help="缓存：只读命令把已读过的文件内容缓存在用户缓存目录（纯数据，不在仓库里）。",
    rich_markup_mode=None,
    no_args_is_help=True,
)


app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
@guarded
def cache_clear() -> None:
    """删除 qc-ledger 的全部缓存文件；下次运行时按需重建。

    例：ledger cache clear
    """
    from ...load.cache import private as cache

    folder = cache.cache_folder()
    removed = cache.clear()
    where = f"（{visible(str(folder))}）" if folder is not None else ""
    sys.stdout.write(f"已删除 {len(removed)} 个缓存文件{where}。\n")
