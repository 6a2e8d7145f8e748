"""Note-quality warnings (domain/note_quality.py) placed in the files: file:line:column of each entry.

validate shows them for the newest entry of every open measure. A province has tens of thousands:
each is found by scanning the block layout ledger fmt writes, and only a file in another layout is
parsed as a round-trip document (seconds a thousand files).
"""

from __future__ import annotations

import datetime as dt
import re

from ..domain.ledger import Ledger
from ..domain.note_quality import NoteWarning, ledger_warnings
from ..errors import Problem
from ..store.source import Locator, SourceFile, loaded_text

_ID = re.compile(r"^(?P<indent> *)- id: *(?P<q>['\"]?)(?P<id>[^'\"#]+?)(?P=q) *(?:#.*)?$")


def ledger_note_warnings(ledger: Ledger, today: dt.date) -> list[NoteWarning]:
    """The warnings on the newest entry of each open measure, as of `today`."""
    canonical = ledger.registry.canonical
    measures = ((measure, canonical(measure.lead_unit)) for _, _, measure in ledger.iter_measures())
    return ledger_warnings(measures, today, ledger.rules, ledger.plan.period)


def located(
    ledger: Ledger, warnings: list[NoteWarning], locator: Locator | None = None
) -> list[Problem]:
    """Each warning as a Problem at its entry's field in the measure's task file."""
    locator = locator or Locator()
    texts: dict[SourceFile, tuple[list[str], dict[str, tuple[int, int]]]] = {}
    problems = []
    for warning in warnings:
        task, _measure = ledger.measures[warning.measure_id]
        source = ledger.sources[task.id]
        if source not in texts:
            lines = loaded_text(source).split("\n")
            texts[source] = lines, id_lines(lines)
        lines, ids = texts[source]
        found = scan(lines, warning.measure_id, warning.entry, warning.field, ids)
        if found is None:
            index = next(i for i, m in enumerate(task.measures) if m.id == warning.measure_id)
            loc = ("measures", index, "progress_log", warning.entry, warning.field)
            found = locator.locate(source, loc)
        line, column = found
        problems.append(
            Problem(
                warning.message,
                source.path,
                line,
                column,
                hint=warning.hint,
                severity="warning",
                code=warning.code,
            )
        )
    return problems


def id_lines(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Where each `- id:` line is and its indent, found in one pass (a file has many warnings)."""
    found: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(lines):
        if "- id:" in line and (match := _ID.match(line)):
            found.setdefault(match["id"], (number, len(match["indent"])))
    return found


def scan(
    lines: list[str],
    measure_id: str,
    entry: int,
    field: str,
    ids: dict[str, tuple[int, int]] | None = None,
) -> tuple[int, int] | None:
    """1-based line and column of an entry's value in ledger fmt's block layout; None otherwise."""
    where = (ids if ids is not None else id_lines(lines)).get(measure_id)
    if where is None:
        return None
    start, indent = where
    key = " " * (indent + 2)
    number = start + 1
    while number < len(lines) and not lines[number].startswith(key + "progress_log:"):
        if _ID.match(lines[number]) and len(_ID.match(lines[number])["indent"]) == indent:
            return None
        number += 1
    item = key + "  - "
    seen = -1
    for at in range(number + 1, len(lines)):
        line = lines[at]
        if line.strip() and not line.startswith(key + "  "):
            return None  # the log ended before the entry
        if line.startswith(item):
            seen += 1
            if seen > entry:
                return None
        if seen == entry:
            for prefix in (item, key + "    "):
                if line.startswith(prefix + field + ":"):
                    value = len(prefix) + len(field) + 1
                    value += len(line[value:]) - len(line[value:].lstrip(" "))
                    return at + 1, value + 1
    return None


def note_problems(ledger: Ledger, today: dt.date) -> list[Problem]:
    """validate's note-quality warnings, each at its file:line:column."""
    return located(ledger, ledger_note_warnings(ledger, today))
