"""The Typer app, the per-invocation session and the one place where errors become exit codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import LedgerError, Problem, UsageError

app = typer.Typer(
    name="ledger",
    help="清城区城乡融合发展试验区实施方案工作台账。数据是 data/ 下的 YAML 文件，历史由 git 记录。",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Session:
    """What every command of one invocation shares: where the ledger is and what day it is."""

    root_option: Path | None

    def root(self) -> Path:
        """The ledger's root folder: --root, LEDGER_ROOT, or the nearest ancestor holding data/groups."""
        from ..ledger import check_root, find_root

        if self.root_option is not None:
            return check_root(self.root_option)
        return find_root(Path.cwd())

    def today(self) -> dt.date:
        """Today, or LEDGER_TODAY when set (every derived figure uses this)."""
        raw = os.environ.get("LEDGER_TODAY", "").strip()
        if not raw:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(raw) if len(raw) == 10 else _bad_today(raw)
        except ValueError:
            return _bad_today(raw)

    def load(self, *, cached: bool = False):
        """Load and check the whole ledger; read-only commands may take it from the stat-keyed cache."""
        from ..ledger import load_ledger

        root = self.root()
        if not cached:
            return load_ledger(root)
        from .. import cache

        if cache.disabled():
            return load_ledger(root)
        key = cache.fingerprint(root)
        ledger = cache.load(root, key)
        if ledger is None:
            ledger = load_ledger(root)
            cache.store(root, key, _without_texts(ledger))
        return ledger


def _without_texts(ledger):
    """A copy of the ledger without file texts: what the cache keeps (only read commands use it)."""
    sources = {
        key: dataclasses.replace(source, text="", _document=None)
        for key, source in ledger.sources.items()
    }
    return dataclasses.replace(ledger, sources=sources)


def _bad_today(raw: str) -> dt.date:
    raise UsageError.single(
        f"环境变量 LEDGER_TODAY 的值“{raw}”不是有效日期",
        hint="写作 YYYY-MM-DD，例如 LEDGER_TODAY=2025-06-30；或取消该变量以使用今天的日期",
    )


def _session(ctx: typer.Context) -> Session:
    return ctx.ensure_object(Session) if ctx.obj is None else ctx.obj


def print_problems(problems: list[Problem], root: Path | None) -> None:
    """Write problems to stderr, each with its location and hint."""
    from ..render.problems import problems_text

    sys.stderr.write(problems_text(problems, root))
    sys.stderr.flush()


def guarded(command):
    """Turn every LedgerError into a message on stderr and its exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LedgerError as exc:
            root = _root_for_messages(kwargs.get("ctx"))
            print_problems(exc.problems, root)
            raise typer.Exit(exc.exit_code) from None
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            sys.stderr.write("已中断。\n")
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("LEDGER_DEBUG"):
                raise
            sys.stderr.write(
                f"内部错误：{type(exc).__name__}: {exc}\n"
                "  → 这是 qc-ledger 的缺陷，不是你的数据问题。请把这条信息和所运行的命令报告给维护者；"
                "设置 LEDGER_DEBUG=1 可看到详细的调用栈。\n"
            )
            raise typer.Exit(70) from None

    return wrapper


def _root_for_messages(ctx: typer.Context | None) -> Path | None:
    try:
        return _session(ctx).root() if ctx is not None else None
    except LedgerError:
        return None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            envvar="LEDGER_ROOT",
            help="台账仓库根目录（含 data/）。默认从当前目录向上查找。",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本并退出。"),
    ] = False,
) -> None:
    """清城区城乡融合发展试验区实施方案工作台账。"""
    ctx.obj = Session(root)
