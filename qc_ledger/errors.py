"""The one error hierarchy: every problem carries its location, a hint and an exit code.

Imports nothing from the rest of the package and no third-party library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXIT_DATA = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth normalising) at one place in one file."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"
    code: str = "invalid"

    def location(self, root: Path | None = None) -> str:
        """Return `file:line:column` (as much of it as is known), relative to root when possible."""
        if self.path is None:
            return ""
        shown = self.path
        if root is not None:
            try:
                # Resolve the folder only: a symbolic link is shown as itself, not as its target.
                shown = (self.path.parent.resolve() / self.path.name).relative_to(root.resolve())
            except ValueError:
                shown = self.path
        text = shown.as_posix()
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def file(self, root: Path | None = None) -> str | None:
        """The file alone, relative to root when possible (a name may itself hold a colon)."""
        if self.path is None:
            return None
        return Problem(self.message, self.path).location(root)

    def as_dict(self, root: Path | None = None) -> dict:
        """Return the problem as plain JSON-ready data."""
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file(root),
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(eq=False)
class LedgerError(Exception):
    """Base of every error the ledger raises on purpose; the CLI turns it into text and an exit code."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_DATA

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)

    @classmethod
    def single(cls, message: str, *, hint: str | None = None, **where) -> LedgerError:
        """Build the error from one problem."""
        return cls([Problem(message, hint=hint, **where)])


class DataError(LedgerError):
    """The ledger's files are wrong: exit 1."""


class UsageError(LedgerError):
    """The command line is wrong: exit 2."""

    def __init__(self, problems: list[Problem] | None = None, exit_code: int = EXIT_USAGE):
        super().__init__(problems or [], exit_code)


class RootNotFound(UsageError):
    """No ledger folder could be found from where the command was run."""


class GitError(LedgerError):
    """The git repository refuses the operation; nothing was changed."""
