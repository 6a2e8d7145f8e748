"""History reports: which records changed how, commit by commit, from the file versions git holds.

Pure: takes revisions and the texts of each file before and after them (gitrepo reads those), parses
the texts with store's fast loader and compares record by record. No I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import store
from ..editing import blank, status_label
from ..errors import DataError
from ..models import FIELD_LABELS, MODEL_FOR_KIND, Measure, Unit

KIND_LABELS = {
    "plan": "实施方案",
    "unit": "单位",
    "group": "工作组",
    "task": "任务",
    "measure": "措施",
}
EXTRA_LABELS = {
    "aliases": "别名",
    "kind": "类别",
    "note": "说明",
    "contact": "联系人",
    "period": "实施期",
    "goals": "试验目标",
    "milestones": "时间节点",
    "basis": "依据",
    "experiment_tasks": "试验任务",
    "leading_group": "领导小组",
    "coordination_office": "统筹办",
    "document_status": "文件状态",
}
ENTRY_LISTS = {"progress_log", "deadline_history", "milestones"}
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


# Parsed records of a blob, by (file kind, blob id); None when the blob could not be parsed.
Known = dict[tuple[str, str], "dict[str, Record] | None"]


@dataclass(frozen=True)
class Record:
    """A record found in a file version."""

    record_id: str
    kind: str
    group_id: str | None
    title: str
    fields: dict


@dataclass(frozen=True)
class Change:
    """One field of one record changed by one commit."""

    field: str
    old: object = None
    new: object = None
    added: tuple = ()
    removed: tuple = ()

    @property
    def label(self) -> str:
        """The field's Chinese name."""
        return FIELD_LABELS.get(self.field) or EXTRA_LABELS.get(self.field, self.field)

    def lines(self) -> list[str]:
        """The change as lines for people."""
        if self.field == "progress_log":
            return [f"进展：{_entry_text(e)}" for e in self.added] + [
                f"删除进展：{_entry_text(e)}" for e in self.removed
            ]
        if self.field == "deadline_history":
            return [
                f"完成时限调整理由：{e.get('reason')}" for e in self.added if isinstance(e, dict)
            ] + [f"删除完成时限调整记录：{_short(e)}" for e in self.removed]
        if self.added or self.removed:
            return [f"{self.label}：+ {_short(v)}" for v in self.added] + [
                f"{self.label}：- {_short(v)}" for v in self.removed
            ]
        if self.field == "status":
            return [f"{self.label}：{status_label(self.old)} → {status_label(self.new)}"]
        if self.field == "progress":
            return [f"{self.label}：{_percent(self.old)} → {_percent(self.new)}"]
        return [f"{self.label}：{_short(self.old)} → {_short(self.new)}"]

    def as_data(self) -> dict:
        """JSON-ready data."""
        data: dict = {"field": self.field, "label": self.label}
        if self.added or self.removed:
            data["added"] = list(self.added)
            data["removed"] = list(self.removed)
        else:
            data["old"] = self.old
            data["new"] = self.new
        return data


def _percent(value: object) -> str:
    return f"{value}%" if isinstance(value, int) else blank(value)


SUBFIELD_LABELS = {"name": "姓名", "title": "职务", "phone": "电话", "start": "起", "end": "止"}


def _short(value: object, limit: int = 60) -> str:
    if isinstance(value, dict):
        text = "，".join(
            f"{SUBFIELD_LABELS.get(k, FIELD_LABELS.get(k, k))} {_short(v)}"
            for k, v in value.items()
            if v not in (None, [], "")
        )
    else:
        text = blank(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_text(entry: object) -> str:
    if not isinstance(entry, dict):
        return _short(entry)
    head = " ".join(blank(entry[k]) for k in ("date", "author") if entry.get(k) is not None)
    note = str(entry.get("note", "")).replace("\n", " ")
    return f"{head}：{note}" if head else note


@dataclass(frozen=True)
class RecordChange:
    """What one commit did to one record."""

    record_id: str
    kind: str
    group_id: str | None
    title: str
    action: str  # "added", "changed" or "removed"
    changes: tuple[Change, ...] = ()

    def lines(self) -> list[str]:
        """Every change as lines for people."""
        kind = KIND_LABELS.get(self.kind, self.kind)
        if self.action == "added":
            return [f"新增{kind}：{_short(self.title)}"]
        if self.action == "removed":
            return [f"删除{kind}：{_short(self.title)}"]
        return [line for change in self.changes for line in change.lines()]

    def change_of(self, name: str) -> Change | None:
        """The change of one field, if any."""
        return next((c for c in self.changes if c.field == name), None)

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "id": self.record_id,
            "kind": self.kind,
            "group": self.group_id,
            "title": self.title,
            "action": self.action,
            "changes": [change.as_data() for change in self.changes],
            "summary": self.lines(),
        }


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

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "id": self.record_id,
            "kind": self.kind,
            "title": self.title,
            "files": list(self.paths),
            "uncommitted_changes": self.pending,
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

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "commits": self.commits,
            "totals": self.totals,
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
                            "subject": row.commit.subject,
                            **row.record.as_data(),
                        }
                        for row in section.rows
                    ],
                }
                for section in self.sections
            ],
        }


TOTAL_LABELS = {
    "records": "改动记录",
    "measures_added": "新增措施",
    "done": "新完成",
    "notes": "新增进展",
    "status": "状态变化",
    "deadlines": "完成时限调整",
}


# ---------------------------------------------------------------------------------------------
# Records in a file, and how two versions differ


def kind_of(path: str) -> str | None:
    """What a file under the ledger root holds, judged by its path (None: not ledger data)."""
    if path == "data/plan.yaml":
        return "plan"
    if path == "data/units.yaml":
        return "units"
    if path.endswith(".yaml") and path.startswith("data/groups/"):
        return "group"
    if path.endswith(".yaml") and path.startswith("data/tasks/"):
        return "task"
    return None


def records_in(kind: str, data: object) -> dict[str, Record]:
    """The records a parsed file holds, by id (units by name, the plan as one record)."""
    if not isinstance(data, dict):
        return {}
    found: dict[str, Record] = {}
    if kind == "plan":
        found["@plan"] = Record("@plan", "plan", None, str(data.get("title", "")), data)
    elif kind == "units":
        for unit in data.get("units") or []:
            if isinstance(unit, dict) and isinstance(unit.get("name"), str):
                name = unit["name"]
                found[f"unit:{name}"] = Record(f"unit:{name}", "unit", None, name, unit)
    elif kind == "group" and isinstance(data.get("id"), str):
        found[data["id"]] = Record(data["id"], "group", data["id"], str(data.get("name", "")), data)
    elif kind == "task" and isinstance(data.get("id"), str):
        group = data.get("group") if isinstance(data.get("group"), str) else None
        fields = {k: v for k, v in data.items() if k != "measures"}
        found[data["id"]] = Record(data["id"], "task", group, str(data.get("title", "")), fields)
        for measure in data.get("measures") or []:
            if isinstance(measure, dict) and isinstance(measure.get("id"), str):
                found[measure["id"]] = Record(
                    measure["id"], "measure", group, str(measure.get("text", "")), measure
                )
    return found


_ORDER = {
    "plan": list(MODEL_FOR_KIND["plan"].model_fields),
    "unit": list(Unit.model_fields),
    "group": list(MODEL_FOR_KIND["group"].model_fields),
    "task": list(MODEL_FOR_KIND["task"].model_fields),
    "measure": list(Measure.model_fields),
}
_DEFAULTS = {
    "measure": {
        name: info.default
        for name, info in Measure.model_fields.items()
        if not info.is_required() and info.default is not None
    }
}


def _fingerprint(value: object) -> str:
    return repr(value)


def field_changes(kind: str, old: dict, new: dict) -> tuple[Change, ...]:
    """How the stored fields of one record differ between two versions."""
    defaults = _DEFAULTS.get(kind, {})
    order = _ORDER.get(kind, [])
    names = [*order, *(k for k in [*old, *new] if k not in order)]
    changes: list[Change] = []
    for name in dict.fromkeys(names):
        before = old.get(name, defaults.get(name))
        after = new.get(name, defaults.get(name))
        if before == after:
            continue
        if isinstance(before, list) or isinstance(after, list):
            old_items = before if isinstance(before, list) else []
            new_items = after if isinstance(after, list) else []
            old_keys = {_fingerprint(v) for v in old_items}
            new_keys = {_fingerprint(v) for v in new_items}
            added = tuple(v for v in new_items if _fingerprint(v) not in old_keys)
            removed = tuple(v for v in old_items if _fingerprint(v) not in new_keys)
            if added or removed:
                changes.append(Change(name, added=added, removed=removed))
                continue
        changes.append(Change(name, old=before, new=after))
    return tuple(changes)


def diff_records(old: dict[str, Record], new: dict[str, Record]) -> list[RecordChange]:
    """Every record added, removed or changed between two versions of a file."""
    out: list[RecordChange] = []
    for record_id, record in new.items():
        before = old.get(record_id)
        if before is None:
            out.append(RecordChange(record_id, record.kind, record.group_id, record.title, "added"))
            continue
        changes = field_changes(record.kind, before.fields, record.fields)
        if changes:
            out.append(
                RecordChange(
                    record_id, record.kind, record.group_id, record.title, "changed", changes
                )
            )
    for record_id, record in old.items():
        if record_id not in new:
            out.append(
                RecordChange(record_id, record.kind, record.group_id, record.title, "removed")
            )
    return out


class _Parser:
    """Parses each blob once: a blob is usually the `after` of one commit and the `before` of the next,
    and `known` carries the results over from earlier runs."""

    def __init__(self, read: Callable[[str], str | None], known: Known | None) -> None:
        self._read = read
        self.known: Known = {} if known is None else known

    def records(self, path: str, blob: str | None) -> dict[str, Record] | None:
        kind = kind_of(path)
        if blob is None or kind is None:
            return {}
        key = (kind, blob)
        if key not in self.known:
            text = self._read(blob)
            try:
                data = store.parse_fast(text, Path(path)) if text is not None else None
                self.known[key] = None if text is None else records_in(kind, data)
            except DataError:
                self.known[key] = None
        return self.known[key]


def commit_entries(
    commits: Iterable[tuple[RevisionLike, list[FileVersion]]],
    read: Callable[[str], str | None],
    keep: Callable[[RecordChange], bool] = lambda _: True,
    known: Known | None = None,
) -> list[CommitEntry]:
    """Each commit with the record changes it made that `keep` accepts (commits without any dropped).

    `read` gives a blob's text; `known` (filled in as blobs are parsed) saves parsing them again.
    """
    parser = _Parser(read, known)
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
            entries.append(
                CommitEntry(
                    sha=revision.sha,
                    author=revision.author,
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
