"""Where an export comes from: the commit of the ledger and whether its data has unsaved changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError


@dataclass(frozen=True)
class Source:
    """The commit HEAD points at (None outside git) and whether data/ differs from it."""

    commit: str | None
    dirty: bool


def source_of(root: Path) -> Source:
    """The ledger's commit and state; outside a git repository, no commit."""
    try:
        from .repo import LedgerRepo

        repo = LedgerRepo(root)
    except GitError:
        return Source(None, False)
    try:
        head = repo.head()
        dirty = bool(repo.run("status", "--porcelain", "--", "data").strip()) if head else False
        return Source(head, dirty)
    finally:
        repo.close()


def knows_commit(root: Path, sha: str) -> bool | None:
    """Whether the ledger's repository has this commit (None outside git: cannot tell)."""
    try:
        from .repo import LedgerRepo

        repo = LedgerRepo(root)
    except GitError:
        return None
    try:
        repo.run("cat-file", "-e", f"{sha}^{{commit}}")
        return True
    except GitError:
        return False
    finally:
        repo.close()
