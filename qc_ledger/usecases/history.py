"""History use cases: a record's log, the changes of a period and every data commit, read from git.

Each opens the repository once, with the parsed-history cache loaded before and saved after, and
returns a report value for the CLI to render. Never prints or exits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import Group, Measure
from ..domain.names import lookup
from ..errors import GitError


def record_log(
    ledger: Ledger, record_id: str, *, limit: int | None = None, root: Path | None = None
):
    """Every commit that changed a measure, a task or a group (its task files too), newest first.

    `root`: where the ledger's repository is, when `ledger` was read from one of its past commits.
    """
    from ..git.history import history, is_modified, read_blob
    from ..reports.history import build_log

    record = lookup(ledger, record_id)
    if isinstance(record, Measure):
        kind, title, paths = "measure", record.text, [ledger.path_of(record.id)]
    elif isinstance(record, Group):
        kind, title = "group", record.name
        paths = [ledger.path_of(record.id)] + [
            ledger.path_of(t.id) for t in ledger.tasks_of(record.id)
        ]
    else:
        kind, title, paths = "task", record.title, [ledger.path_of(record.id)]
    if root is not None:  # the same files in the repository, not in the past copy's folder
        paths = [root / path.relative_to(ledger.root) for path in paths]
    root = root or ledger.root

    def work(repo, known):
        revisions = history(repo, paths)
        report = build_log(
            record.id,
            kind,
            title,
            _versions(repo, revisions, root),
            lambda blob: read_blob(repo, blob),
            paths=tuple(_relative(path, root) for path in paths),
            pending=any(is_modified(repo, path) for path in paths),
            known=known,
        )
        return dataclasses.replace(report, shallow_from=_shallow_from(repo, revisions))

    report = _with_history(root, work)
    if limit is not None:
        report = dataclasses.replace(report, entries=report.entries[:limit])
    return report


def changes_report(ledger: Ledger, first: dt.date, last: dt.date, root: Path | None = None):
    """Every change to the ledger from `first` to `last`, read from git history.

    `root`: where the ledger's repository is, when `ledger` was read from one of its past commits.
    """
    from ..git.history import between, read_blob
    from ..reports.history import build_changes

    root = root or ledger.root
    groups = {group.id: group.short_name for group in ledger.groups.values()}

    def work(repo, known):
        revisions = between(repo, root / "data", first, last)
        versions = _versions(repo, revisions, root)
        report = build_changes(
            first, last, versions, lambda blob: read_blob(repo, blob), groups, known
        )
        return dataclasses.replace(report, shallow_from=_shallow_from(repo, revisions))

    return _with_history(root, work)


def changes_between(ledger: Ledger, first: dt.date, last: dt.date, root: Path | None = None):
    """The changes report for a period, or None when the ledger is not in a git repository."""
    try:
        return changes_report(ledger, first, last, root)
    except GitError:
        return None


def data_commits(root: Path) -> list[dict]:
    """Every commit that changed the ledger's data, for the database's history tables.

    Empty when the ledger is not in a git repository.
    """
    from ..git.history import between
    from ..git.repo import LedgerRepo

    try:
        repo = LedgerRepo(root)
    except GitError:
        return []
    try:
        revisions = between(repo, root / "data", dt.date(1, 1, 1), dt.date(9999, 12, 31))
        top = repo.top
        return [
            {
                "sha": r.sha,
                "author": r.author,
                "authored": r.authored.isoformat(),
                "committed": r.committed.isoformat(),
                "subject": r.subject,
                "files": [(top / f.path).relative_to(root.resolve()).as_posix() for f in r.files],
            }
            for r in revisions
        ]
    except GitError:
        return []
    finally:
        repo.close()


def _versions(repo, revisions, root: Path):
    """Each revision with the ledger data files it changed (blob ids, paths under root).

    A shallow clone's boundary commit has no parent here: git would show every file as added by
    it, so it is listed with no changes, and the report says where history stops.
    """
    from ..git.history import shallow_boundaries, under
    from ..history.recorddiff import kind_of
    from ..reports.history import FileVersion

    boundaries = shallow_boundaries(repo)
    return [
        (
            revision,
            []
            if revision.sha in boundaries
            else [
                FileVersion(change.path, change.old_blob, change.new_blob)
                for change in under(repo, root, revision)
                if kind_of(change.path) is not None
            ],
        )
        for revision in revisions
    ]


def _shallow_from(repo, revisions) -> str | None:
    """Where a shallow clone's history stops, for the report (None in a full clone)."""
    from ..git.history import shallow_boundaries

    boundaries = shallow_boundaries(repo)
    if not boundaries:
        return None
    stops = [r for r in revisions if r.sha in boundaries]
    oldest = stops[-1] if stops else None
    return f"{oldest.committed.date()}（{oldest.short}）" if oldest else "本地最早的提交"


def _with_history(root: Path, work):
    """Run `work(repo, known)` on the repository with the parsed-history cache loaded and saved."""
    from ..git.repo import LedgerRepo
    from ..history import cache as historycache
    from ..history.recorddiff import known_as_plain, known_from_plain

    repo = LedgerRepo(root)
    try:
        known = known_from_plain(historycache.load(repo.top))
        loaded = len(known)
        result = work(repo, known)
        historycache.save(repo.top, known_as_plain(known), loaded)
        return result
    finally:
        repo.close()


def _relative(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the ledger's root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
