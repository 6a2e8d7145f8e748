"""The Typer app, the per-invocation session and the one place where errors become exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    LedgerError,
    Problem,
    UsageError,
)
from ..render.safe import visible
from .helptext import HelpGroup, LedgerTyper

CANCELLED = "已取消，没有修改任何内容。\n"


class Cancelled(Exception):
    """The user cancelled at a prompt (Ctrl-C: 130, Ctrl-D: 1); nothing was changed."""

    def __init__(self, exit_code: int):
        super().__init__(exit_code)
        self.exit_code = exit_code


class LedgerGroup(HelpGroup):
    """The top command group: usage errors are answered in Chinese with a hint, exit code 2."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        """Bare `ledger` (global options only) shows the status, as Taskwarrior shows its list."""
        from .argv import command_name

        asks_help = any(word in ("-h", "--help", "--version") for word in args)
        # Shell completion parses what has been typed so far: it must not get `status` added.
        if command_name(args) is None and not asks_help and not ctx.resilient_parsing:
            args = [*args, "status"]
        return super().parse_args(ctx, args)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Abort:
            sys.stderr.write(CANCELLED)
            code = EXIT_DATA
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()
            else:
                # Imported only when a command line is wrong: start-up stays lean.
                from .usage import usage_message

                message, hint = usage_message(exc)
                sys.stderr.write(f"错误：{visible(message)}\n  → {visible(hint)}\n")
            code = getattr(exc, "exit_code", EXIT_USAGE)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else EXIT_OK)


app = LedgerTyper(
    name="ledger",
    cls=LedgerGroup,
    help="清城区城乡融合发展试验区实施方案工作台账。数据是 data/ 下的 YAML 文件，历史由 git 记录。",
    # "\b" keeps the parser from re-wrapping the list (it would break the names).
    epilog="\b\n环境变量：\n"
    "  LEDGER_ROOT       台账目录（同 --root）\n"
    "  LEDGER_TODAY      把“今天”定为某一天 YYYY-MM-DD（演示、补录）\n"
    "  LEDGER_CONFIG     个人设置文件（ledger config）\n"
    "  LEDGER_CACHE_DIR  缓存目录；LEDGER_NO_CACHE=1 不用缓存\n"
    "  NO_COLOR          不用颜色\n"
    "每条命令加 --help 看它的选项和例子。",
    rich_markup_mode=None,
    no_args_is_help=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Session:
    """What every command of one invocation shares: where the ledger is and what day it is."""

    root_option: Path | None
    settled: bool = False

    def root(self) -> Path:
        """The ledger's root folder: --root, LEDGER_ROOT, or the nearest ancestor holding data/groups."""
        from ..store.root import check_root, find_root

        if self.root_option is not None:
            root = check_root(self.root_option)
        else:
            root = find_root(Path.cwd())
        if not self.settled:
            self.settled = True
            _settle(root)
        return root

    def today(self) -> dt.date:
        """Today, or LEDGER_TODAY when set (every derived figure uses this)."""
        raw = os.environ.get("LEDGER_TODAY", "").strip()
        if not raw:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(raw) if len(raw) == 10 else _bad_today(raw)
        except ValueError:
            return _bad_today(raw)

    def saved(self, key: str) -> str | None:
        """A setting the user saved with `ledger config set`."""
        from ..store.userconfig import load

        return load().get(key)

    def author(self, given: str | None) -> str | None:
        """Who signs: --author, else the saved default, else (later) git's user.name."""
        return given or self.saved("author")

    def commit_time(self) -> dt.datetime | None:
        """A commit's date: under LEDGER_TODAY (a demonstration) that day at this time.

        git's own GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, when set, win.
        """
        if not os.environ.get("LEDGER_TODAY", "").strip():
            return None
        if os.environ.get("GIT_AUTHOR_DATE") or os.environ.get("GIT_COMMITTER_DATE"):
            return None
        now = dt.datetime.now().astimezone()
        return dt.datetime.combine(self.today(), now.timetz())

    def write_options(self, author: str | None, *, commit: bool = False, dry_run: bool = False):
        """How a command's change is written: --commit, --author (or the saved one), --dry-run."""
        from ..usecases.outcome import WriteOptions

        return WriteOptions(commit, self.author(author), dry_run, self.commit_time())

    def load(self, *, cached: bool = False):
        """Load and check the whole ledger; files unchanged since last read come from the cache."""
        from ..load.cache.opening import open_ledger

        # The records live until the command ends: frozen out of the collector's reach.
        ledger = open_ledger(self.root(), cached=cached, lasting=True)
        LOADED[:] = [ledger]
        return ledger


def _settle(root: Path) -> None:
    """Before any command's own work: finish or roll back a change an interrupted command left."""
    from ..edit.rollback import recover

    notes = recover(root)
    if notes:
        print_problems(notes, root)


# The last ledger a command loaded, kept to the end of the process: see cli.main.
LOADED: list = []


def _bad_today(raw: str) -> dt.date:
    raise UsageError.single(
        f"环境变量 LEDGER_TODAY 的值“{raw}”不是有效日期",
        hint="写作 YYYY-MM-DD，例如 LEDGER_TODAY=2025-06-30；或取消该变量以使用今天的日期",
    )


def terminal_settings() -> None:
    """What the terminal draws two cells wide, from LEDGER_AMBIGUOUS_WIDE (a CJK terminal's setting)."""
    from ..render.cjk import set_ambiguous_wide

    set_ambiguous_wide(os.environ.get("LEDGER_AMBIGUOUS_WIDE", "").strip() in ("1", "yes", "true"))


def emit(text: str, output: Path | None = None, root: Path | None = None) -> None:
    """Machine output (JSON, CSV, Markdown, tables for a file) as UTF-8 bytes, whatever the console.

    To a file only outside the ledger's own folders: an --output there would overwrite the data.
    """
    data = text.encode("utf-8")
    if output is not None:
        write_output(data, output, root)
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def emit_json(value: object, output: Path | None = None, root: Path | None = None) -> None:
    """JSON as `emit` gives `to_json(value)`, written as it is made (lists given as iterators)."""
    from ..render.jsonout import write_json, write_json_bytes

    def write(stream) -> None:
        write_json_bytes(value, stream)

    if output is not None:
        from ..usecases.outputs import write_atomically

        write_atomically(write, output, root)
        tell_written(output)
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        write_json(value, sys.stdout)
        return
    sys.stdout.flush()
    write(buffer)
    buffer.flush()


def write_output(data: bytes, output: Path, root: Path | None) -> None:
    """Write a report or a workbook to a file outside the ledger's own folders, and say so."""
    from ..usecases.outputs import write_bytes

    write_bytes(data, output, root)
    tell_written(output)


def tell_written(output: Path) -> None:
    """Say on stderr which file a report went to (stdout may be piped elsewhere)."""
    sys.stderr.write(f"已写入 {visible(str(output))}\n")


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
        except (Cancelled, typer.Abort) as exc:
            sys.stderr.write(CANCELLED)
            raise typer.Exit(getattr(exc, "exit_code", EXIT_DATA)) from None
        except BrokenPipeError:
            # Whoever read our output stopped (`| head`): what was done is done; end quietly.
            from .safety import silence_stdout

            silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            sys.stderr.write("已中断。\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            from .safety import output_failure, output_lost

            if isinstance(exc, OSError) and output_failure(exc):
                from ..vocabulary import os_reason

                raise typer.Exit(output_lost(os_reason(exc))) from None
            if os.environ.get("LEDGER_DEBUG"):
                raise
            sys.stderr.write(
                visible(
                    f"内部错误：{type(exc).__name__}: {exc}\n"
                    "  → 这是 qc-ledger 的缺陷，不是你的数据问题。请把这条信息和所运行的命令报告给维护者；"
                    "设置 LEDGER_DEBUG=1 可看到详细的调用栈。\n"
                )
            )
            raise typer.Exit(EXIT_INTERNAL) from None

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
            metavar="DIR",
            help="台账仓库根目录（含 data/）。默认从当前目录向上查找。",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本并退出。"),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="不读也不写缓存，每个文件都重新读取（同 LEDGER_NO_CACHE=1）。"
        ),
    ] = False,
) -> None:
    """清城区城乡融合发展试验区实施方案工作台账。"""
    from ..load.cache import private as cache

    cache.switch_off(no_cache)
    # Set for each run (a test runs many in one process); Rich is not imported just to say "no".
    if os.environ.get("LEDGER_AMBIGUOUS_WIDE") or "qc_ledger.render.cjk" in sys.modules:
        terminal_settings()
    if os.environ.get("LEDGER_FAULT_AFTER_WRITES") or "qc_ledger.edit.rollback" in sys.modules:
        from .safety import fault_injection

        fault_injection(os.environ.get("LEDGER_FAULT_AFTER_WRITES", "").strip())
    ctx.obj = Session(root)
