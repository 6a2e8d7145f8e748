"""The `ledger` command line: the only package that prints or exits.

Heavy modules (pydantic models, ruamel, Rich, GitPython) are imported inside the commands that need
them, so `ledger --help` and `ledger --version` start fast. Each top-level command has one module in
`commands/`, named after it by one rule (`module_of`), which registers it on the one Typer app when
imported. A run imports only the module of the command it runs, because Typer builds every
registered command's parameters before dispatching; help and shell completion import them all.
"""

from __future__ import annotations

import contextlib
import importlib
import keyword
import os
import pkgutil
import sys

from ..errors import EXIT_DATA, EXIT_OK
from .argv import command_name


def module_of(command: str) -> str:
    """The module in commands/ of a top-level command: `merge-file` → merge_file, `import` → import_."""
    name = command.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def command_of(module: str) -> str:
    """The command a module in commands/ registers: the inverse of `module_of`."""
    return module.removesuffix("_").replace("_", "-")


def command_modules() -> list[str]:
    """Every module in commands/, found by listing the folder."""
    from . import commands

    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__))


def register(modules: list[str] | None = None):
    """Import command modules (all of them by default) so their commands are registered.

    All of them are imported in the order the help lists the commands: Typer lists them as they
    were registered.
    """
    if modules is None:
        from .helptext import help_rank

        modules = sorted(command_modules(), key=lambda module: help_rank(command_of(module)))
    for module in modules:
        importlib.import_module(f"{__name__}.commands.{module}")
    from .base import app

    return app


def __getattr__(name: str):
    if name == "app":
        return register()
    raise AttributeError(name)


def main() -> None:
    """Console-script entry point: make stdout/stderr safe for GBK consoles, then run the app."""
    closed = _reopen_closed_outputs()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    name = command_name(sys.argv[1:])
    if name is None and not {"-h", "--help"}.intersection(sys.argv[1:]):
        name = "status"  # bare `ledger` shows the status; its help lists every command
    module = module_of(name or "")
    if command_of(module) != name or module not in command_modules():
        module = None  # no command by that name: its hint lists them all
    if any(key.startswith("_LEDGER_COMPLETE") for key in os.environ):
        module = None  # shell completion: every command must be known

    try:
        register([module] if module else None)()
    except BrokenPipeError:
        # The reader went away (`ledger list | head -1`): end quietly, as other tools do.
        from .safety import silence_stdout

        silence_stdout()
        sys.exit(EXIT_OK)
    except SystemExit as done:
        if closed:
            _said_when_closed()
        _end_at_once(done.code)
        raise
    if closed:
        _said_when_closed()
    _end_at_once(EXIT_OK)


def _reopen_closed_outputs() -> bool:
    """Started with stdout (or stderr) closed (`>&-`): point it at the null device.

    Otherwise the next file opened (the lock, a data file's temporary) would get descriptor 1, and
    whatever is printed, by this process or by git, would land in it. True when stdout was closed.
    """
    closed = False
    for number, name in ((1, "stdout"), (2, "stderr")):
        try:
            os.fstat(number)
            continue
        except OSError:
            pass
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != number:
            os.dup2(devnull, number)
            os.close(devnull)
        setattr(sys, name, open(number, "w", encoding="utf-8", closefd=False))  # noqa: SIM115
        closed = closed or number == 1
    return closed


def _said_when_closed() -> None:
    """A commit made with stdout closed is said on stderr (nothing else is missed)."""
    from .safety import COMMITTED, output_lost

    if COMMITTED:
        output_lost("标准输出已关闭")


def _end_at_once(code: object) -> None:
    """After a command that loaded a ledger, end without freeing its records one by one.

    Freeing a province's records costs a tenth of a second that the system does at once when the
    process ends. Output is flushed and exit handlers run first; with other threads still running,
    a profiler or tracer attached, or nothing loaded, the interpreter ends as usual.
    """
    import atexit
    import threading

    from .base import LOADED

    if not LOADED or threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler or a debugger writes its findings after the program ends
    if code is None:
        status = EXIT_OK
    elif isinstance(code, int):
        status = code
    else:  # what the interpreter does with a message given to sys.exit
        sys.stderr.write(f"{code}\n")
        status = EXIT_DATA
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        from .safety import silence_stdout

        silence_stdout()
    except OSError as exc:
        from ..vocabulary import os_reason
        from .safety import output_lost

        lost = output_lost(os_reason(exc))
        status = lost if status == EXIT_OK else status
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(status)
