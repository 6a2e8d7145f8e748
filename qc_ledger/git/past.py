"""The ledger as it stood on a past day: the data files of the last commit on or before it, loaded.

The files are read from git into a temporary folder and loaded there by the plain loader (no cache:
the cache knows the working tree only). Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.ledger import Ledger
from ..errors import DataError, UsageError
from ..load.loader import load_ledger
from ..store.root import DATA_DIR
from .repo import LedgerRepo

_FIELD = "\x1f"


@dataclass(frozen=True)
class PastLedger:
    """A ledger as one commit holds it, with the commit and its date."""

    ledger: Ledger
    commit: str
    committed: dt.datetime


def commit_on_or_before(repo: LedgerRepo, day: dt.date) -> tuple[str, dt.datetime] | None:
    """The newest commit of the main line whose commit date (its own calendar) is `day` or earlier."""
    if not repo.repo.head.is_valid():
        return None
    # A margin for time zones: the committer's calendar decides, checked below.
    bound = f"--until={day + dt.timedelta(days=2)} 23:59:59"
    out = repo.run("log", "--first-parent", f"--format=%H{_FIELD}%cI", bound)
    for line in out.splitlines():
        sha, _, when = line.partition(_FIELD)
        committed = dt.datetime.fromisoformat(when)
        if committed.date() <= day:
            return sha, committed
    return None


def ledger_at_commit(repo: LedgerRepo, root: Path, commit: str) -> Ledger:
    """The ledger's data files as `commit` holds them, loaded and checked by the plain loader."""
    prefix = repo.relative(root)
    folder = DATA_DIR if prefix == "." else f"{prefix}/{DATA_DIR}"
    listing = repo.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    with tempfile.TemporaryDirectory(prefix="ledger-past-") as temporary:
        past_root = Path(temporary)
        (past_root / DATA_DIR / "groups").mkdir(parents=True)
        for entry in filter(None, listing.split("\0")):
            meta, _, path = entry.partition("\t")
            mode, kind, blob = meta.split()
            if kind != "blob" or mode == "120000":  # a link is no data file
                continue
            target = past_root / DATA_DIR / path[len(folder) + 1 :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_blob_bytes(repo, blob))
        return load_ledger(past_root)


def _blob_bytes(repo: LedgerRepo, blob: str) -> bytes:
    """A blob's bytes as stored (the loader decodes and checks them as it does a file's)."""
    try:
        _, _, _, data = repo.repo.git.get_object_data(blob)
    except (ValueError, repo.command_error):
        return b""
    return data


def ledger_as_of(repo: LedgerRepo, root: Path, day: dt.date) -> PastLedger:
    """The ledger as the last commit on or before `day` holds it; a usage error when there is none."""
    found = commit_on_or_before(repo, day)
    if found is None:
        raise UsageError.single(
            f"台账在 {day.isoformat()} 及以前没有提交，无从得知当时的情况",
            hint="换一个更晚的日期，或用 git log 查看台账最早的提交",
        )
    sha, committed = found
    try:
        ledger = ledger_at_commit(repo, root, sha)
    except DataError as exc:  # its locations are in a temporary folder: say which commit instead
        raise UsageError.single(
            f"{day.isoformat()} 当日的台账（提交 {sha[:7]}）未通过校验（{len(exc.problems)} 处问题），"
            "无法按当日统计",
            hint=f"用 git checkout {sha[:7]} 取出当时的文件后运行 ledger validate 查看；或换一个日期",
        ) from None
    return PastLedger(ledger, sha, committed)
