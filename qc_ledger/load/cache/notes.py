"""Each task file's placed newest notes (load/note_checks.NoteAt), kept under the file's identity.

A warm validate then judges a province's notes without rebuilding a record or reading a file: what
is kept depends on the file's text, the note-quality rules and the code alone (all in the key or
the entry); today's checks and the copies across units run on it every time. Same rules as the other
caches (private folder, header checked); a stale or foreign entry can only fail to match.
"""

from __future__ import annotations

import datetime as dt
import json

from ...domain.ledger import Ledger
from ...domain.note_quality import NewestNote, NoteWarning
from ...errors import Problem
from ...store.reader import RACY_NS
from ...store.source import SourceFile
from ..note_checks import NoteAt, note_problems
from .private import code_key, disabled, path_for, raw_name, read_body, write_body


def cached_note_problems(ledger: Ledger, today: dt.date, read_before: int) -> list[Problem]:
    """note_checks.note_problems through the note cache (`read_before`: a time before the load)."""
    if disabled():
        return note_problems(ledger, today)
    cache = NoteCache(ledger, read_before)
    problems = note_problems(ledger, today, cache.get, cache.put)
    cache.save()
    return problems


class NoteCache:
    """One ledger's placed notes, a line a task file, read whole and written when they changed."""

    def __init__(self, ledger: Ledger, read_before: int):
        self.name = path_for("notes", str(ledger.root))
        self.key = code_key("notes", ledger.rules.note_quality.model_dump_json())
        self.read_before = read_before
        self._stored: dict[bytes, bytes] = {}
        body = read_body(self.name, self.key, decoded=False)
        for line in (body or b"").split(b"\n"):
            name, tab, entry = line.partition(b"\t")
            if tab:
                self._stored[name] = entry
        self._kept: dict[bytes, bytes] = {}
        self._changed = False

    def get(self, source: SourceFile) -> list[NoteAt] | None:
        """The file's placed notes, when kept for the identity it was loaded with."""
        name = raw_name(str(source.path))
        entry = self._stored.get(name)
        if entry is None or source.identity is None:
            return None
        try:
            identity, notes = json.loads(entry)
            if identity != list(source.identity):
                return None
            placed = [_note_at(item) for item in notes]
        except (ValueError, TypeError, IndexError):
            return None
        self._kept[name] = entry
        return placed

    def put(self, source: SourceFile, placed: list[NoteAt]) -> None:
        """Keep a file's notes placed from its text as loaded (not when it changed in the tick it
        was read in: its identity would not show a second change)."""
        name = str(source.path)
        identity = source.identity
        if identity is None or "\n" in name or "\t" in name:
            return
        if self.read_before - identity[1] < RACY_NS:
            return
        entry = [list(identity), [_data(at) for at in placed]]
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        self._kept[raw_name(name)] = line.encode("utf-8", "surrogateescape")
        self._changed = True

    def save(self) -> None:
        """Keep this run's files (others' are dropped) when anything changed."""
        if not self._changed and self._kept.keys() == self._stored.keys():
            return
        write_body(self.name, self.key, [name + b"\t" + entry + b"\n"
                                         for name, entry in self._kept.items()])  # fmt: skip


def _data(at: NoteAt) -> list:
    note = at.note
    warnings = [[w.code, w.message, w.hint, w.field] for w in note.warnings]
    return [at.position, note.measure_id, note.index, note.date.isoformat(), note.text,
            note.answered, list(at.note_at), at.progress_at and list(at.progress_at),
            warnings]  # fmt: skip


def _note_at(item: list) -> NoteAt:
    position, measure_id, index, day, text, answered, note_at, progress_at, warnings = item
    date = dt.date.fromisoformat(day)
    note = NewestNote(
        measure_id,
        index,
        date,
        text,
        answered,
        tuple(
            NoteWarning(code, measure_id, "", index, date, message, hint, field)
            for code, message, hint, field in warnings
        ),
    )
    return NoteAt(position, note, tuple(note_at), progress_at and tuple(progress_at))
