"""The canonical layout of the data files (`ledger fmt`): units by their canonical names, fields in
the models' order, lists in block style, LF line ends, no BOM. Comments survive; nothing is written
here.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.layout import UNIT_FIELDS, kind_in_order, unit_names, units_canonical
from ..domain.ledger import Ledger
from ..domain.models import MODEL_FOR_KIND, Record, models_in
from ..domain.names import natural_key
from ..store import yaml as store
from ..store.reader import DataBytes, read_data
from ..store.root import SCHEMA_PREFIX, schema_line
from .patching import Edit


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
            if first.startswith(SCHEMA_PREFIX):
                formatted = line + "\n" + rest
            else:
                formatted = line + "\n" + formatted
            merged.append("第一行改为编辑器用的 schema 声明")
    return formatted, merged


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
    from ..load.cache.verdicts import Contexts, Verdicts

    verdicts, contexts = Verdicts(ledger.root), Contexts(ledger)
    edits = [_judged(source, ledger, verdicts, contexts) for source in ledger.sources.values()]
    verdicts.save()
    return sorted(edits, key=lambda edit: natural_key(edit.path.as_posix()))


def unformatted(ledger: Ledger) -> tuple[int, list[Edit]]:
    """How many data files there are, and the edits of those not in the canonical layout (what
    `fmt --check` reports), judged as `format_ledger` judges them.

    A file the per-file cache marks canonical for its present state is not read; the others are
    read one at a time, and only the edits of those that change are kept.
    """
    from ..load.cache.verdicts import Contexts, Marks, Verdicts

    verdicts, contexts, marks = Verdicts(ledger.root), Contexts(ledger), Marks(ledger.root)
    count, changed = 0, []
    for source in ledger.sources.values():
        count += 1
        if marks.canonical(source.path, source.kind, contexts.of(source.kind, source.path)[1]):
            continue
        edit = _judged(source, ledger, verdicts, contexts, marks)
        if edit.changed:
            changed.append(edit)
    verdicts.save()
    return count, sorted(changed, key=lambda edit: natural_key(edit.path.as_posix()))


def _judged(source, ledger: Ledger, verdicts, contexts, marks=None) -> Edit:
    """One file's edit into the canonical layout; the file's text as it is when already so."""
    from ..load.cache.verdicts import verdict_key

    old = read_data(source.path, ledger.root)
    line, context = contexts.of(source.kind, source.path)
    key = verdict_key(source.kind, line, contexts.registry, old.raw)
    if (
        verdicts.canonical(key)
        or (marks is not None and marks.same_content(source.path, source.kind, context, old.raw))
        or _canonical_as_is(source.kind, old, line, ledger)
    ):
        verdicts.add(key)
        return Edit(source.path, old.text, old.raw, source.kind, keep_bytes=False)
    new_text, notes = format_text(source.kind, old.text, source.path, ledger)
    edit = Edit(source.path, new_text, old.raw, source.kind, notes=tuple(notes), keep_bytes=False)
    if not edit.changed:
        verdicts.add(key)
    return edit


def _canonical_as_is(kind: str, old: DataBytes, line: str | None, ledger: Ledger) -> bool:
    """`format_text` would give the file back unchanged, told without the round trip: the dump
    writes its text as it is (store.dumped_as_is), its fields are in order, its units canonical
    and its first line the schema line; False when unsure."""
    if old.raw != old.text.encode("utf-8"):  # a BOM or CRLF line ends: fmt rewrites them
        return False
    if line is not None and not old.text.startswith(line + "\n"):
        return False
    data = store.dumped_as_is(old.text)
    if data is None or not kind_in_order(kind, data):
        return False
    return units_canonical(unit_names(kind, data), ledger.registry)
