"""Which ledger a day's figures come from: the working tree for today, git history for a past day.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.ledger import Ledger
from ..errors import GitError


@dataclass(frozen=True)
class Basis:
    """The ledger a report is computed from, and where it came from."""

    ledger: Ledger
    day: dt.date
    commit: str | None = None  # the commit read for a past day; None: the files as they are
    untracked: bool = False  # a past day was asked for, but there is no git history to read

    def line(self) -> str:
        """One line saying what the figures were computed from (empty for the files as they are)."""
        if self.commit:
            return (
                f"各项数字按 {self.day.isoformat()} 当日的台账计算"
                f"（该日及以前的最后一次提交 {self.commit[:7]}）。"
            )
        if self.untracked:
            return "台账不在 git 仓库中，无从得知当日的台账：各项数字按现有台账计算。"
        return ""


def ledger_on(root: Path, day: dt.date, today: dt.date, current: Callable[[], Ledger]) -> Basis:
    """The ledger as it stood at the end of `day`: from git when `day` is past, else as it is now."""
    if day >= today:
        return Basis(current(), day)
    from ..git.past import ledger_as_of
    from ..git.repo import LedgerRepo

    try:
        repo = LedgerRepo(root)
    except GitError:  # not in a repository, or no git program: no past to read
        return Basis(current(), day, untracked=True)
    try:
        past = ledger_as_of(repo, root, day)
    finally:
        repo.close()
    return Basis(past.ledger, day, past.commit)
