"""Appending to data/office.yaml (reminders sent), keeping its comments and every other line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..store import yaml as store
from ..store.reader import read_data
from .patching import Edit, check_new_text
from .untouched import finish_edit

OFFICE_FILE = Path("data") / "office.yaml"
NEW_FILE = (
    "# yaml-language-server: $schema=../schemas/office.schema.json\n"
    "# 统筹办工作记录：责任清单、工作专班、工作方案、督导检查、省级支持政策和催办记录。\n"
)


def append_records(root: Path, section: str, items: list[dict]) -> Edit:
    """Add items at the end of one list of data/office.yaml (the file is created when missing)."""
    path = root / OFFICE_FILE
    exists = path.exists()
    old = read_data(path, root) if exists else None
    old_bytes = old.raw if old is not None else None
    old_text = old.text if old is not None else NEW_FILE + "{}\n"
    document = store.parse_roundtrip(old_text, path)
    if document is None:
        document = store.new_map({})
    baseline = store.dump_roundtrip(document)
    for item in items:
        node = store.new_map(item)
        if document.get(section) in (None, []):
            store.set_value(document, section, [node])
        else:
            store.append_item(document[section], node)
    # Any line but a comment may change: the list's own line when `[]` becomes a block list.
    every_line = range(0, old_text.count("\n") + 1)
    new_text, _normalised = finish_edit(old_text, baseline, document, every_line, path)
    if not exists:
        new_text = new_text.replace("{}\n", "")
    check_new_text(path, new_text, "office")
    return Edit(path, new_text, old_bytes, "office", "@office")


def reminder_items(day: dt.date, units: list[tuple[str, list[str]]]) -> list[dict]:
    """One reminder record per unit: the day, the unit and the measures it was reminded of."""
    return [{"date": day, "unit": unit, "measures": measures} for unit, measures in units]
