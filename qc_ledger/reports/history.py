"""History reports: which records changed how, commit by commit, from the file versions git holds.

Pure: takes revisions and a reader of the texts of each file before and after them (git/history.py reads
those, for usecases/history.py); recorddiff compares them. No I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..history.recorddiff import Known, RecordChange, VersionParser, diff_records

OTHERS = "@others"


class RevisionLike(Protocol):
    """What a report needs to know about a commit."""

    sha: str
    author: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str


@dataclass(frozen=True)
class FileVersion:
    """One data file a commit changed: its path under the ledger root, its blob before and after."""

    path: str
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True)
class CommitEntry:
    """One commit and the records it changed."""

    sha: str
    author: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str
    records: tuple[RecordChange, ...] = ()
    unreadable: bool = False
    # A merge: when the branch's first commit was made (the entry is dated when it reached main).
    original: dt.datetime | None = None

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.sha[:7]

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "commit": self.sha,
            "author": self.author,
            "authored": self.authored.isoformat(),
            "committed": self.committed.isoformat(),
            "subject": self.subject,
            "original": self.original.isoformat() if self.original else None,
            "unreadable": self.unreadable,
            "records": [record.as_data() for record in self.records],
        }


@dataclass(frozen=True)
class LogReport:
    """What `ledger log ID` shows: the commits that changed a record, newest first."""

    record_id: str
    kind: str
    title: str
    paths: tuple[str, ...]
    entries: tuple[CommitEntry, ...]
    pending: bool = False
    # In a shallow clone: the oldest commit present (date and id); nothing before it is known here.
    shallow_from: str | None = None

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "id": self.record_id,
            "kind": self.kind,
            "title": self.title,
            "files": list(self.paths),
            "uncommitted_changes": self.pending,
            "shallow_from": self.shallow_from,
            "commits": [entry.as_data() for entry in self.entries],
        }


@dataclass(frozen=True)
class ChangeRow:
    """One record changed by one commit, as listed under its work group."""

    commit: CommitEntry
    record: RecordChange


@dataclass(frozen=True)
class GroupSection:
    """The changes of one work group over the period."""

    group_id: str | None
    name: str
    rows: tuple[ChangeRow, ...]

    @property
    def records(self) -> int:
        """How many different records changed."""
        return len({row.record.record_id for row in self.rows})


@dataclass(frozen=True)
class ChangesReport:
    """What `ledger changes` shows: every change to the ledger in a period, by work group."""

    since: dt.date
    until: dt.date
    commits: int
    sections: tuple[GroupSection, ...]
    totals: dict[str, int] = field(default_factory=dict)
    shallow_from: str | None = None

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "commits": self.commits,
            "totals": self.totals,
            "shallow_from": self.shallow_from,
            "groups": [
                {
                    "group": section.group_id,
                    "name": section.name,
                    "changes": [
                        {
                            "commit": row.commit.sha,
                            "author": row.commit.author,
                            "authored": row.commit.authored.isoformat(),
                            "committed": row.commit.committed.isoformat(),
                            "original": row.commit.original.isoformat()
                            if row.commit.original
                            else None,
                            "subject": row.commit.subject,
                            **row.record.as_data(),
                        }
                        for row in section.rows
                    ],
                }
                for section in self.sections
            ],
        }


def commit_entries(
    commits: Iterable[tuple[RevisionLike, list[FileVersion]]],
    read: Callable[[str], str | None],
    keep: Callable[[RecordChange], bool] = lambda _: True,
    known: Known | None = None,
) -> list[CommitEntry]:
    """Each commit with the record changes it made that `keep` accepts (commits without any dropped).

    `read` gives a blob's text; `known` (filled in as blobs are parsed) saves parsing them again.
    """
    parser = VersionParser(read, known)
    entries = []
    for revision, versions in commits:
        records: list[RecordChange] = []
        unreadable = False
        for version in versions:
            before = parser.records(version.path, version.old_blob)
            after = parser.records(version.path, version.new_blob)
            if before is None or after is None:
                unreadable = True
                continue
            records.extend(change for change in diff_records(before, after) if keep(change))
        if records or unreadable:
            merged = getattr(revision, "merged", ())
            authors = dict.fromkeys(commit.author for commit in merged)
            entries.append(
                CommitEntry(
                    sha=revision.sha,
                    author="、".join(authors) if authors else revision.author,
                    original=min(commit.authored for commit in merged) if merged else None,
                    authored=revision.authored,
                    committed=revision.committed,
                    subject=revision.subject,
                    records=tuple(records),
                    unreadable=unreadable,
                )
            )
    return entries


def build_log(
    record_id: str,
    kind: str,
    title: str,
    commits: Iterable[tuple[RevisionLike, list[FileVersion]]],
    read: Callable[[str], str | None],
    *,
    paths: tuple[str, ...],
    pending: bool = False,
    known: Known | None = None,
) -> LogReport:
    """The history of one measure, task (with its measures) or group (with its tasks and measures)."""

    def keep(change: RecordChange) -> bool:
        if change.record_id == record_id:
            return True
        if kind == "task":
            return change.kind == "measure" and change.record_id.startswith(record_id + "-")
        if kind == "group":
            return change.group_id == record_id and change.kind in ("task", "measure")
        return False

    entries = commit_entries(commits, read, keep, known)
    return LogReport(record_id, kind, title, paths, tuple(entries), pending)


def build_changes(
    since: dt.date,
    until: dt.date,
    commits: Iterable[tuple[RevisionLike, list[FileVersion]]],
    read: Callable[[str], str | None],
    groups: dict[str, str],
    known: Known | None = None,
) -> ChangesReport:
    """Every change to the ledger's records over a period, by work group, oldest first."""
    entries = sorted(commit_entries(commits, read, known=known), key=lambda entry: entry.committed)
    by_group: dict[str, list[ChangeRow]] = {}
    for entry in entries:
        for record in entry.records:
            key = record.group_id if record.group_id else OTHERS
            by_group.setdefault(key, []).append(ChangeRow(entry, record))
    order = [*groups, *sorted(k for k in by_group if k not in groups and k != OTHERS), OTHERS]
    sections = tuple(
        GroupSection(
            None if key == OTHERS else key,
            "方案与单位名录" if key == OTHERS else groups.get(key, key),
            tuple(by_group[key]),
        )
        for key in order
        if key in by_group
    )
    rows = [row for section in sections for row in section.rows]
    totals = {
        "records": len({row.record.record_id for row in rows}),
        "measures_added": sum(
            row.record.kind == "measure" and row.record.action == "added" for row in rows
        ),
        "done": sum(
            (c := row.record.change_of("status")) is not None and c.new == "done" for row in rows
        ),
        "notes": sum(
            len(c.added) for row in rows if (c := row.record.change_of("progress_log")) is not None
        ),
        "status": sum(row.record.change_of("status") is not None for row in rows),
        "deadlines": sum(row.record.change_of("deadline") is not None for row in rows),
    }
    return ChangesReport(since, until, sum(bool(e.records) for e in entries), sections, totals)
