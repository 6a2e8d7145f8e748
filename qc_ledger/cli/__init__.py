"""The `ledger` command line: the only package that prints or exits.

Heavy modules (pydantic models, ruamel, Rich, GitPython) are imported inside the commands that need
them, so `ledger --help` and `ledger --version` start fast. Each command module registers its commands
on the one Typer app when imported here.
"""

from __future__ import annotations

import contextlib
import sys

from . import core, query, update  # noqa: F401  (each registers its commands)
from .app import app


def main() -> None:
    """Console-script entry point: make stdout/stderr safe for GBK consoles, then run the app."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    app()
