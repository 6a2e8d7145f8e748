"""Three-way merge of a task file's data: two branches' reports on one measure become one.

Pure: the base, ours and theirs as plain data in; the merged data, or the real conflicts, out.
Progress logs, evidence and deadline histories are unions (logs in date order); any other field
merges when only one side changed it or both changed it alike. Never prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import blank, field_label, status_label

# Lists both sides may add to: merged as a union. Logs and deadline changes are kept in date order.
UNION_FIELDS = ("progress_log", "evidence", "deadline_history")
DATED_FIELDS = ("progress_log", "deadline_history")
_MISSING = object()


@dataclass(frozen=True)
class Conflict:
    """Both sides changed one field of one record to different values."""

    record_id: str
    field: str
    ours: object
    theirs: object

    def describe(self) -> str:
        """The conflict in one Chinese sentence."""
        if self.field == "measures":
            side = "这边" if self.ours is None else "另一边"
            return f"措施 {self.record_id} 在{side}被删除了，另一边却修改了它"
        if isinstance(self.ours, list) or isinstance(self.theirs, list):
            return f"{self.record_id} 的“{field_label(self.field)}”有一边改写或删除了已有的条目（只能追加）"
        show = status_label if self.field == "status" else _shown
        return (
            f"{self.record_id} 的“{field_label(self.field)}”两边改得不同："
            f"这边是 {show(self.ours)}，另一边是 {show(self.theirs)}"
        )


def _shown(value: object) -> str:
    if value is _MISSING:
        return "（已删除）"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}%" if value <= 100 else str(value)
    return blank(value)


def _key(value: object) -> str:
    return repr(value)


def _union(name: str, base: list, ours: list, theirs: list, where: str, conflicts: list) -> list:
    """Everything either side has, each item once; an item one side removed is a conflict."""
    base_keys = {_key(item) for item in base}
    for side, other in ((ours, theirs), (theirs, ours)):
        kept = {_key(item) for item in side}
        for item in base:
            if _key(item) not in kept:
                conflicts.append(Conflict(where, name, side, other))
                return ours
    merged = list(ours)
    seen = {_key(item) for item in merged}
    for item in theirs:
        if _key(item) not in seen and _key(item) not in base_keys:
            merged.append(item)
            seen.add(_key(item))
    if name in DATED_FIELDS:
        # Stable: entries of one day keep the order they were written in.
        merged.sort(key=lambda item: str(item.get("date")) if isinstance(item, dict) else "")
    return merged


def _field(name: str, base: object, ours: object, theirs: object, where: str, conflicts: list):
    if _key(ours) == _key(theirs):
        return ours
    if _key(ours) == _key(base):
        return theirs
    if _key(theirs) == _key(base):
        return ours
    if name in UNION_FIELDS and all(isinstance(v, list) for v in (ours, theirs)):
        return _union(name, base if isinstance(base, list) else [], ours, theirs, where, conflicts)
    conflicts.append(Conflict(where, name, ours, theirs))
    return ours


def _record(base: dict, ours: dict, theirs: dict, where: str, conflicts: list) -> dict:
    names = list(dict.fromkeys([*ours, *theirs]))
    merged = {}
    for name in names:
        value = _field(
            name,
            base.get(name, _MISSING),
            ours.get(name, _MISSING),
            theirs.get(name, _MISSING),
            where,
            conflicts,
        )
        if value is not _MISSING:
            merged[name] = value
    return merged


def merge_task(base: dict, ours: dict, theirs: dict) -> tuple[dict, list[Conflict]]:
    """Merge two versions of a task file's data against their common base."""
    conflicts: list[Conflict] = []
    where = str(ours.get("id", "任务"))
    top = {k: v for k, v in ours.items() if k != "measures"}
    merged = _record(
        {k: v for k, v in base.items() if k != "measures"},
        top,
        {k: v for k, v in theirs.items() if k != "measures"},
        where,
        conflicts,
    )
    by_id = {
        side: {m.get("id"): m for m in data.get("measures") or [] if isinstance(m, dict)}
        for side, data in (("base", base), ("ours", ours), ("theirs", theirs))
    }
    order = list(dict.fromkeys([*by_id["ours"], *by_id["theirs"]]))
    measures = []
    for measure_id in order:
        old = by_id["base"].get(measure_id)
        mine, other = by_id["ours"].get(measure_id), by_id["theirs"].get(measure_id)
        if mine is None or other is None:
            present = mine if mine is not None else other
            if old is None:
                measures.append(present)  # added on one side
            elif _key(present) != _key(old):
                conflicts.append(Conflict(str(measure_id), "measures", mine, other))
            continue  # removed on one side and untouched on the other
        measures.append(_record(old or {}, mine, other, str(measure_id), conflicts))
    merged["measures"] = measures
    return merged, conflicts
