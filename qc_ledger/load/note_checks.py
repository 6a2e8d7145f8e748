"""Note-quality warnings (domain/note_quality.py) placed in the files: file:line:column of each entry.

validate shows them for the newest entry of every open measure. A province has tens of thousands:
each task is rebuilt, judged and placed in turn and not kept (what is kept of each measure is its
NewestNote and where it stands, which the note cache stores per file); each entry is found by
scanning the block layout ledger fmt writes, and only a file in another layout is parsed as a
round-trip document (seconds a thousand files).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from ..domain.ledger import Ledger
from ..domain.models import Task
from ..domain.note_quality import NewestNote, NoteWarning, newest_note
from ..domain.note_warnings import notes_warnings
from ..domain.supervision_models import NoteQuality
from ..errors import Problem
from ..store.source import Locator, SourceFile, loaded_text

_ID = re.compile(r"^(?P<indent> *)- id: *(?P<q>['\"]?)(?P<id>[^'\"#]+?)(?P=q) *(?:#.*)?$")

Place = tuple[int | None, int | None]


class NoteAt(NamedTuple):
    """An open measure's newest note with where its note and (when warned about) progress stand."""

    position: int  # of the measure in its task
    note: NewestNote
    note_at: Place
    progress_at: Place | None


# The notes of a task file already placed (the note cache's), or None: the task is then rebuilt.
Known = Callable[[SourceFile], list[NoteAt] | None]
# Told each task file's notes placed from its text as loaded (and that text, when it was read), to keep.
Found = Callable[[SourceFile, list[NoteAt], str | None], None]


def file_notes(
    task: Task, source: SourceFile, quality: NoteQuality
) -> tuple[list[NoteAt], str | None]:
    """Each open measure's newest note, placed; and the file's text as loaded ("" when it is no
    longer the one loaded, None when it was not read: nothing to place)."""
    notes = [(i, n) for i, m in enumerate(task.measures) if (n := newest_note(m, quality))]
    if not notes:
        return [], None
    text = loaded_text(source)
    lines = text.split("\n")
    ids = id_lines(lines)
    locator = Locator()

    def place(position: int, note: NewestNote, field: str) -> Place:
        found = scan(lines, note.measure_id, note.index, field, ids)
        if found is None:
            loc = ("measures", position, "progress_log", note.index, field)
            found = locator.locate(source, loc)
        return found

    placed = []
    for position, note in notes:
        jump = any(warning.field == "progress" for warning in note.warnings)
        placed.append(
            NoteAt(
                position,
                note,
                place(position, note, "note"),
                place(position, note, "progress") if jump else None,
            )
        )
    return placed, text


def note_problems(
    ledger: Ledger, today: dt.date, known: Known | None = None, found: Found | None = None
) -> list[Problem]:
    """validate's note-quality warnings, each at its file:line:column (see the module's docstring)."""
    quality = ledger.rules.note_quality
    canonical = ledger.registry.canonical
    notes = []
    where: dict[str, tuple[SourceFile, NoteAt]] = {}
    for task_id in ledger.tasks:  # file order, without building a record
        facts = ledger.index.tasks[task_id]
        source = ledger.sources[task_id]
        placed = known(source) if known is not None else None
        if placed is not None and not _fits(placed, facts.measures):
            placed = None
        if placed is None:
            placed, text = file_notes(ledger.task_passing(task_id), source, quality)
            if text != "" and found is not None:
                found(source, placed, text)
        for at in placed:
            measure = facts.measures[at.position]
            notes.append((at.note, measure, canonical(measure.lead_unit)))
            where[at.note.measure_id] = source, at
    warnings = notes_warnings(notes, today, ledger.rules, ledger.plan.period)
    del notes
    return [_problem(warning, *where[warning.measure_id]) for warning in warnings]


def _fits(placed: list[NoteAt], measures: tuple) -> bool:
    """Kept notes name the measures where the task's digest has them (else they are not used)."""
    return all(
        0 <= at.position < len(measures) and measures[at.position].id == at.note.measure_id
        for at in placed
    )


def _problem(warning: NoteWarning, source: SourceFile, at: NoteAt) -> Problem:
    line, column = at.progress_at if warning.field == "progress" and at.progress_at else at.note_at
    return Problem(
        warning.message,
        source.path,
        line,
        column,
        hint=warning.hint,
        severity="warning",
        code=warning.code,
    )


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
