"""Which commits this clone's ledger made, so that `ledger undo` reverts exactly the last of them.

One line a commit in the clone's git folder (never in the work tree, never shared): `commit SHA` for
a change, `undo SHA REVERTED` for an undo. Through LedgerRepo's git process; never prints or exits.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import GitError
from .repo import LedgerRepo

_NAME = "qc-ledger-commits"


def _path(repo: LedgerRepo) -> Path:
    return repo.git_path(_NAME)


def record(repo: LedgerRepo, sha: str, reverts: str | None = None) -> None:
    """Note a commit the ledger made (an undo names the commit it reverted)."""
    line = f"undo {sha} {reverts}\n" if reverts else f"commit {sha}\n"
    with open(_path(repo), "a", encoding="ascii") as stream:
        stream.write(line)


def knows(repo: LedgerRepo, sha: str) -> bool:
    """The commit is already noted (as a change or as an undo)."""
    try:
        lines = _path(repo).read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeError):
        return False
    return any(len(words) >= 2 and words[1] == sha for words in map(str.split, lines))


def last_undoable(repo: LedgerRepo) -> str | None:
    """The newest commit this clone's ledger made that is on the current branch and not undone."""
    try:
        lines = _path(repo).read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeError):
        return None
    undone: set[str] = set()
    for line in reversed(lines):
        words = line.split()
        if len(words) == 3 and words[0] == "undo":
            undone.add(words[2])
            continue
        candidate = words[1] if len(words) == 2 and words[0] == "commit" else None
        # A commit of another branch is not undone from here.
        if candidate and candidate not in undone and _on_branch(repo, candidate):
            return candidate
    return None


def _on_branch(repo: LedgerRepo, sha: str) -> bool:
    try:
        repo.run("merge-base", "--is-ancestor", sha, "HEAD")
    except GitError:  # git answers "no" (or "unknown commit") with a failure status
        return False
    return True
