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


def data_at(root: Path, sha: str, target: Path) -> Path | None:
    """Write the ledger's data/ as it was at a commit into target/data (None outside git).

    A private index is used, so neither the working tree nor the staging area is touched.
    """
    try:
        from .repo import LedgerRepo

        repo = LedgerRepo(root)
    except GitError:
        return None
    try:
        data = (root / "data").resolve().relative_to(repo.top).as_posix()
        env = {"GIT_INDEX_FILE": str(target / "index")}
        repo.run("read-tree", f"{sha}:{data}", env=env)
        repo.run("checkout-index", "--all", f"--prefix={target / 'data'}/", env=env)
        (target / "index").unlink()
        return target
    finally:
        repo.close()
