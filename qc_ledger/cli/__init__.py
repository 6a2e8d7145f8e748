"""The `ledger` command line: the only package that prints or exits.

Heavy modules (pydantic models, ruamel, Rich, GitPython) are imported inside the commands that need
them, so `ledger --help` and `ledger --version` start fast. Each command module registers its
commands on the one Typer app when imported; a run imports only the module of the command it runs,
because Typer builds every registered command's parameters before dispatching.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys

# Which module registers each top-level command (a test keeps this in step with the modules).
COMMAND_MODULES = {
    "status": "core",
    "validate": "core",
    "export": "sheets",
    "import": "sheets",
    "schemas": "core",
    "cache": "core",
    "list": "query",
    "show": "query",
    "unit": "query",
    "units": "query",
    "update": "update",
    "new": "new",
    "fmt": "fmt",
    "log": "history",
    "changes": "history",
    "review": "review",
    "undo": "undo",
    "demo": "demo",
    "init": "init",
    "config": "config",
    "setup": "collab",
    "merge-file": "collab",
    "codeowners": "collab",
    "forms": "collab",
    "apply-form": "collab",
    "refine": "office",
    "reminders": "office",
    "assess": "office",
    "report": "office",
    "office": "office",
    "site": "site",
    "federate": "federate",
}
ALL_MODULES = (
    "core",
    "query",
    "sheets",
    "update",
    "new",
    "fmt",
    "history",
    "review",
    "collab",
    "undo",
    "demo",
    "init",
    "config",
    "office",
    "site",
    "federate",
)


def register(modules=ALL_MODULES):
    """Import command modules so their commands are registered; return the app."""
    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
    from .base import app

    return app


def command_name(argv: list[str]) -> str | None:
    """The command named on a command line: the first word that is not a global option."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str):
    if name == "app":
        return register()
    raise AttributeError(name)


def main() -> None:
    """Console-script entry point: make stdout/stderr safe for GBK consoles, then run the app."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    name = command_name(sys.argv[1:])
    if name is None and not {"-h", "--help"}.intersection(sys.argv[1:]):
        name = "status"  # bare `ledger` shows the status; its help lists every command
    module = COMMAND_MODULES.get(name or "")
    if any(key.startswith("_LEDGER_COMPLETE") for key in os.environ):
        module = None  # shell completion: every command must be known

    try:
        register((module,) if module else ALL_MODULES)()
    except BrokenPipeError:
        # The reader went away (`ledger list | head -1`): end quietly, as other tools do.
        from .base import _silence_stdout

        _silence_stdout()
        sys.exit(0)
    except SystemExit as done:
        _end_at_once(done.code)
        raise
    _end_at_once(0)


def _end_at_once(code: object) -> None:
    """After a command that loaded a ledger, end without freeing its records one by one.

    Freeing a province's records costs a tenth of a second that the system does at once when the
    process ends. Output is flushed and exit handlers run first; with other threads still running,
    a profiler or tracer attached, or nothing loaded, the interpreter ends as usual.
    """
    import atexit
    import threading

    from .base import LOADED, _silence_stdout

    if not LOADED or threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler or a debugger writes its findings after the program ends
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # what the interpreter does with a message given to sys.exit
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _silence_stdout()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(status)
