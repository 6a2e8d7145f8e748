"""How two versions of the ledger's files differ, record by record and field by field.

Pure: takes file texts (a reader supplies them), parses them with store's fast loader and compares.
History reports and reviews of a branch are both built on it; never prints or exits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.models import MODEL_FOR_KIND, Measure, Unit
from ..errors import DataError
from ..store import yaml as store
from ..vocabulary import (
    CADENCE_LABELS,
    CLOSING_LABELS,
    RECORD_KIND_LABELS,
    SUBFIELD_LABELS,
    blank,
    field_label,
    status_label,
)

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
    """One field of one record, before and after (a list field: the items added and removed)."""

    field: str
    old: object = None
    new: object = None
    added: tuple = ()
    removed: tuple = ()
    kind: str = "measure"

    @property
    def label(self) -> str:
        """The field's Chinese name in a record of this kind."""
        return field_label(self.field, self.kind)

    def lines(self, limit: int | None = 60) -> list[str]:
        """The change as lines for people (long values cut at `limit` characters)."""
        if self.field == "progress_log":
            return [f"进展：{_entry_text(e)}" for e in self.added] + [
                f"删除进展：{_entry_text(e)}" for e in self.removed
            ]
        if self.field == "deadline_history":
            return [
                f"完成时限调整理由：{e.get('reason')}" for e in self.added if isinstance(e, dict)
            ] + [f"删除完成时限调整记录：{_short(e)}" for e in self.removed]
        if self.field == "receipts":
            return [f"签收：{_signed_text(e)}" for e in self.added] + [
                f"删除签收：{_signed_text(e)}" for e in self.removed
            ]
        if self.field == "closing":
            return [_closing_text(e) for e in self.added] + [
                f"删除办结记录：{_short(e)}" for e in self.removed
            ]
        if self.added or self.removed:
            return [f"{self.label}：+ {_short(v)}" for v in self.added] + [
                f"{self.label}：- {_short(v)}" for v in self.removed
            ]
        if self.field == "status":
            return [f"{self.label}：{status_label(self.old)} → {status_label(self.new)}"]
        if self.field == "progress":
            return [f"{self.label}：{_percent(self.old)} → {_percent(self.new)}"]
        if self.field == "cadence":
            old, new = (
                CADENCE_LABELS.get(str(v), "按默认") if v is not None else "按默认"
                for v in (self.old, self.new)
            )
            return [f"{self.label}：{old} → {new}"]
        return [f"{self.label}：{_short(self.old, limit)} → {_short(self.new, limit)}"]

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


def _short(value: object, limit: int | None = 60) -> str:
    if isinstance(value, dict):
        text = "，".join(
            f"{SUBFIELD_LABELS.get(k) or field_label(k)} {_short(v)}"
            for k, v in value.items()
            if v not in (None, [], "")
        )
    else:
        text = blank(value)
    text = text.replace("\n", " ")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _signed_text(entry: object) -> str:
    """A receipt: the unit, the day and who signed."""
    if not isinstance(entry, dict):
        return _short(entry)
    return " ".join(blank(entry[k]) for k in ("unit", "date", "author") if entry.get(k) is not None)


def _closing_text(entry: object) -> str:
    """A step of closing as its name (申请办结, 审核办结, 退回) and the entry's words."""
    if not isinstance(entry, dict):
        return f"办结：+ {_short(entry)}"
    return f"{CLOSING_LABELS.get(str(entry.get('action')), '办结')}：{_entry_text(entry)}"


def _entry_text(entry: object) -> str:
    if not isinstance(entry, dict):
        return _short(entry)
    head = " ".join(blank(entry[k]) for k in ("date", "author") if entry.get(k) is not None)
    note = str(entry.get("note") or "")
    for key in ("problems", "next_steps"):
        if entry.get(key):
            note += f"；{field_label(key, 'task')}：{entry[key]}"
    note = note.replace("\n", " ").removeprefix("；")
    if not note:
        return head
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
    # (former file, new file) when the record now lives in another file: a move, not a removal.
    moved: tuple[str, str] | None = None

    def lines(self) -> list[str]:
        """Every change as lines for people."""
        kind = RECORD_KIND_LABELS.get(self.kind, self.kind)
        if self.action == "added":
            return [f"新增{kind}：{_short(self.title)}"]
        if self.action == "removed":
            return [f"删除{kind}：{_short(self.title)}"]
        moved = [f"移动：{self.moved[0]} → {self.moved[1]}"] if self.moved else []
        return moved + [line for change in self.changes for line in change.lines()]

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
        } | ({"moved": {"from": self.moved[0], "to": self.moved[1]}} if self.moved else {})


def kind_of(path: str) -> str | None:
    """What a file under the ledger root holds, judged by its path (None: not ledger data)."""
    if path == "data/plan.yaml":
        return "plan"
    if path == "data/units.yaml":
        return "units"
    if path == "data/rules.yaml":
        return "rules"
    if path == "data/policy.yaml":
        return "policy"
    if path == "data/office.yaml":
        return "office"
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
    elif kind == "rules":
        found["@rules"] = Record("@rules", "rules", None, "预警规则", data)
    elif kind == "policy":
        found["@policy"] = Record("@policy", "policy", None, "修改权限", data)
    elif kind == "office":
        found["@office"] = Record("@office", "office", None, "统筹办工作记录", data)
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
                changes.append(Change(name, added=added, removed=removed, kind=kind))
                continue
        changes.append(Change(name, old=before, new=after, kind=kind))
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


def diff_files(
    versions: list[tuple[str, dict[str, Record], dict[str, Record]]],
) -> list[RecordChange]:
    """Every record change across several files: (path, records before, records after) each.

    A record that leaves one file and appears in another (a renamed task file) is one change with
    its move and its field changes, not a removal and an addition that would hide them.
    """
    old: dict[str, Record] = {}
    new: dict[str, Record] = {}
    old_path: dict[str, str] = {}
    new_path: dict[str, str] = {}
    for path, before, after in versions:
        old.update(before)
        new.update(after)
        old_path.update(dict.fromkeys(before, path))
        new_path.update(dict.fromkeys(after, path))
    out = []
    for change in diff_records(old, new):
        moved = old_path.get(change.record_id), new_path.get(change.record_id)
        if change.action == "changed" and moved[0] != moved[1]:
            change = dataclasses.replace(change, moved=moved)
        out.append(change)
    for record_id, record in new.items():
        before = old.get(record_id)
        moved = (old_path.get(record_id), new_path[record_id])
        if (
            before is not None
            and moved[0] != moved[1]
            and not field_changes(record.kind, before.fields, record.fields)
        ):
            out.append(
                RecordChange(
                    record_id, record.kind, record.group_id, record.title, "changed", (), moved
                )
            )
    return out


class VersionParser:
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


def known_as_plain(known: Known) -> dict:
    """Parsed versions as plain JSON-ready data (for the history cache)."""
    return {
        f"{kind}:{blob}": None
        if records is None
        else {
            key: [r.record_id, r.kind, r.group_id, r.title, r.fields] for key, r in records.items()
        }
        for (kind, blob), records in known.items()
    }


def known_from_plain(plain: dict) -> Known:
    """Parsed versions from the history cache; entries not in the expected shape are dropped."""
    known: Known = {}
    for key, records in plain.items():
        kind, _, blob = key.partition(":")
        if records is None:
            known[(kind, blob)] = None
            continue
        try:
            known[(kind, blob)] = {
                record_id: Record(*fields) for record_id, fields in records.items()
            }
        except (AttributeError, TypeError):
            continue
    return known
