"""The canonical layout of the data files (`ledger fmt`): units by their canonical names, fields in
the models' order, lists in block style, LF line ends, no BOM. Comments survive; nothing is written
here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import MODEL_FOR_KIND, Record, models_in
from ..domain.names import natural_key
from ..store import yaml as store
from ..store.reader import DataBytes, read_data
from .patching import Edit

UNIT_FIELDS = {
    "plan": [("coordination_office", "host_unit")],
    "group": [("lead_unit",), ("member_units", "*")],
    "task": [("measures", "*", "lead_unit"), ("measures", "*", "cooperating_units", "*")],
    "units": [],
    "rules": [],
    "policy": [],
    "office": [
        ("responsibility_lists", "*", "unit"),
        ("work_teams", "*", "unit"),
        ("work_plans", "*", "unit"),
        ("inspections", "*", "units", "*"),
        ("policy_requests", "*", "unit"),
        ("reminders", "*", "unit"),
    ],
}


def format_text(kind: str, text: str, path: Path, ledger: Ledger) -> tuple[str, list[str]]:
    """Return a file's text in the canonical layout, and notes on what was normalised."""
    document = store.parse_roundtrip(text, path)
    notes: list[str] = []
    _reorder(document, MODEL_FOR_KIND[kind], notes)
    flows = store.to_block_style(document)
    if flows:
        notes.append(f"{flows} 处方括号/花括号写法改为逐行列出")
    for steps in UNIT_FIELDS[kind]:
        _canonical_units(document, steps, ledger, notes)
    counted = {note: notes.count(note) for note in notes}
    merged = [note + (f"（{n} 处）" if n > 1 else "") for note, n in counted.items()]
    formatted = store.dump_roundtrip(document)
    line = schema_line(kind, path, ledger.root)
    if line is not None:
        first, _, rest = formatted.partition("\n")
        if first != line:
            if first.startswith(_SCHEMA_PREFIX):
                formatted = line + "\n" + rest
            else:
                formatted = line + "\n" + formatted
            merged.append("第一行改为编辑器用的 schema 声明")
    return formatted, merged


_SCHEMA_PREFIX = "# yaml-language-server:"


def schema_line(kind: str, path: Path, root: Path) -> str | None:
    """The editor's schema comment for a file, or None when the repository has no such schema."""
    import os

    schema = root / "schemas" / f"{kind}.schema.json"
    if not schema.is_file():
        return None
    relative = os.path.relpath(schema, path.parent).replace(os.sep, "/")
    return f"{_SCHEMA_PREFIX} $schema={relative}"


def _reorder(node: object, model: type[Record], notes: list[str]) -> None:
    if not store.is_roundtrip_map(node):
        return
    if store.reorder(node, list(model.model_fields)):
        where = node.get("id") or model.__name__
        notes.append(f"{where}：字段按规范顺序排列")
    for name, info in model.model_fields.items():
        if name not in node:
            continue
        inner = models_in(info.annotation)
        if not inner:
            continue
        value = node[name]
        children = value if store.is_roundtrip_seq(value) else [value]
        for child in children:
            _reorder(child, inner[0], notes)


def _canonical_units(node: object, steps: tuple, ledger: Ledger, notes: list[str]) -> None:
    head, rest = steps[0], steps[1:]
    if head == "*":
        if not store.is_roundtrip_seq(node):
            return
        keys: list = list(range(len(node)))
    else:
        if not store.is_roundtrip_map(node) or head not in node:
            return
        keys = [head]
    for key in keys:
        if rest:
            _canonical_units(node[key], rest, ledger, notes)
            continue
        written = node[key]
        if not isinstance(written, str):
            continue
        found = ledger.registry.resolve(written)
        if found is not None and found.canonical != written:
            store.replace_item(node, key, found.canonical)
            notes.append(f"“{written}” → “{found.canonical}”")


def format_ledger(ledger: Ledger) -> list[Edit]:
    """Every data file in its canonical layout (the ledger must have loaded without errors).

    A file found canonical before (same bytes, kind, schema line, registry and code), or whose text
    the round trip would write back as it is, is not round-tripped: only the others are.
    """
    from ..load.cache.verdicts import Verdicts, verdict_key

    verdicts = Verdicts(ledger.root)
    registry = ledger.registry.fingerprint()
    lines: dict[tuple[str, Path], str | None] = {}
    edits = []
    for source in ledger.sources.values():
        old = read_data(source.path, ledger.root)
        where = (source.kind, source.path.parent)
        if where not in lines:
            lines[where] = schema_line(source.kind, source.path, ledger.root)
        key = verdict_key(source.kind, lines[where], registry, old.raw)
        if verdicts.canonical(key) or _canonical_as_is(source.kind, old, lines[where], ledger):
            verdicts.add(key)
            edits.append(Edit(source.path, old.text, old.raw, source.kind, keep_bytes=False))
            continue
        new_text, notes = format_text(source.kind, old.text, source.path, ledger)
        edit = Edit(
            source.path, new_text, old.raw, source.kind, notes=tuple(notes), keep_bytes=False
        )
        if not edit.changed:
            verdicts.add(key)
        edits.append(edit)
    verdicts.save()
    return sorted(edits, key=lambda edit: natural_key(edit.path.as_posix()))


def _canonical_as_is(kind: str, old: DataBytes, line: str | None, ledger: Ledger) -> bool:
    """`format_text` would give the file back unchanged, told without the round trip: the dump
    writes its text as it is (store.dumped_as_is), its fields are in order, its units canonical
    and its first line the schema line; False when unsure."""
    if old.raw != old.text.encode("utf-8"):  # a BOM or CRLF line ends: fmt rewrites them
        return False
    if line is not None and not old.text.startswith(line + "\n"):
        return False
    data = store.dumped_as_is(old.text)
    if data is None or not _in_order(data, MODEL_FOR_KIND[kind]):
        return False
    return all(_units_canonical(data, steps, ledger) for steps in UNIT_FIELDS[kind])


def _in_order(node: object, model: type[Record]) -> bool:
    """Plain data whose fields `_reorder` would leave where they are."""
    if not isinstance(node, dict):
        return True
    rank = _ranks(model)
    keys = list(node)
    if sorted(keys, key=lambda key: rank.get(key, len(rank))) != keys:
        return False
    for name, inner in _nested(model):
        value = node.get(name)
        if value is None:
            continue
        for child in value if isinstance(value, list) else [value]:
            if not _in_order(child, inner):
                return False
    return True


@functools.cache
def _ranks(model: type[Record]) -> dict[str, int]:
    return {name: index for index, name in enumerate(model.model_fields)}


@functools.cache
def _nested(model: type[Record]) -> tuple[tuple[str, type[Record]], ...]:
    """The fields of a model that hold records, with the model of each."""
    found = []
    for name, info in model.model_fields.items():
        inner = models_in(info.annotation)
        if inner:
            found.append((name, inner[0]))
    return tuple(found)


def _units_canonical(node: object, steps: tuple, ledger: Ledger) -> bool:
    """Plain data whose unit names `_canonical_units` would leave as they are."""
    head, rest = steps[0], steps[1:]
    if head == "*":
        if not isinstance(node, list):
            return True
        values = node
    else:
        if not isinstance(node, dict) or head not in node:
            return True
        values = [node[head]]
    for value in values:
        if rest:
            if not _units_canonical(value, rest, ledger):
                return False
        elif isinstance(value, str):
            found = ledger.registry.resolve(value)
            if found is not None and found.canonical != value:
                return False
    return True
