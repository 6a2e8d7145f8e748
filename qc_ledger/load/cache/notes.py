"""Each task file's placed newest notes (load/note_checks.NoteAt), kept under the file's identity.

A warm validate then judges a province's notes without rebuilding a record or reading a file: what
is kept depends on the file's text, the note-quality rules and the code alone (all in the key or
the entry); today's checks and the copies across units run on it every time. Same rules as the other
caches (private folder, header checked); a stale or foreign entry can only fail to match. A file
whose identity changed (a fresh clone, a checkout) is matched by its content digest, against this
ledger's entries or, when it has none, the newest other clone's: CI restoring the cache gains it too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from ...domain.ledger import Ledger
from ...domain.note_quality import NewestNote, NoteWarning
from ...errors import Problem
from ...store.reader import RACY_NS
from ...store.source import SourceFile, loaded_text
from ..note_checks import NoteAt, note_problems
from .private import code_key, disabled, open_newest, path_for, raw_name, read_body, write_body


def cached_note_problems(ledger: Ledger, today: dt.date, read_before: int) -> list[Problem]:
    """note_checks.note_problems through the note cache (`read_before`: a time before the load)."""
    if disabled():
        return note_problems(ledger, today)
    cache = NoteCache(ledger, read_before)
    problems = note_problems(ledger, today, cache.get, cache.put)
    cache.save()
    return problems


class NoteCache:
    """One ledger's placed notes, a line a task file, read whole and written when they changed.

    A line is the file's name, the SHA-256 of its text, then the identity and the notes as JSON.
    """

    def __init__(self, ledger: Ledger, read_before: int):
        self.name = path_for("notes", str(ledger.root))
        self.key = code_key("notes", ledger.rules.note_quality.model_dump_json())
        self.read_before = read_before
        self._stored = _lines(read_body(self.name, self.key, decoded=False))
        self._seed: dict[bytes, bytes] | None = None if self._stored else {}
        self._by_content: dict[bytes, bytes] | None = None
        self._kept: dict[bytes, bytes] = {}
        self._changed = False

    def get(self, source: SourceFile) -> list[NoteAt] | None:
        """The file's placed notes, when kept for the identity it was loaded with or its text."""
        name = raw_name(str(source.path))
        if source.identity is None:
            return None
        digest, _, entry = self._stored.get(name, b"").partition(b"\t")
        placed = _placed(entry, list(source.identity))
        if placed is not None:
            self._kept[name] = digest + b"\t" + entry
            return placed
        # Its identity changed, not necessarily its text: the same text has the same notes.
        text = loaded_text(source)
        if not text:
            return None
        digest = _digest(text)
        entry = self._content().get(digest)
        placed = _placed(entry, None) if entry is not None else None
        if placed is not None:
            self._keep(source, placed, digest)
        return placed

    def put(self, source: SourceFile, placed: list[NoteAt], text: str | None) -> None:
        """Keep a file's notes placed from its text as loaded (read again when not given)."""
        text = loaded_text(source) if text is None else text
        self._keep(source, placed, _digest(text) if text else b"")

    def _keep(self, source: SourceFile, placed: list[NoteAt], digest: bytes) -> None:
        """Keep a file's notes under its identity and text's digest (not when it changed in the
        tick it was read in: its identity would not show a second change)."""
        name = str(source.path)
        identity = source.identity
        if identity is None or "\n" in name or "\t" in name:
            return
        if self.read_before - identity[1] < RACY_NS:
            return
        entry = [list(identity), [_data(at) for at in placed]]
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        self._kept[raw_name(name)] = digest + b"\t" + line.encode("utf-8", "surrogateescape")
        self._changed = True

    def save(self) -> None:
        """Keep this run's files (others' are dropped) when anything changed."""
        if not self._changed and self._kept.keys() == self._stored.keys():
            return
        write_body(self.name, self.key, [name + b"\t" + entry + b"\n"
                                         for name, entry in self._kept.items()])  # fmt: skip

    def _content(self) -> dict[bytes, bytes]:
        """Every kept entry by its text's digest: this ledger's, else the newest other clone's."""
        if self._by_content is None:
            if self._seed is None:
                self._seed = {}
            elif not self._seed:
                opened = open_newest("notes-", self.key, self.name)
                if opened is not None:
                    stream, _ = opened
                    with stream:
                        try:
                            self._seed = _lines(stream.read())
                        except OSError:
                            self._seed = {}
            index: dict[bytes, bytes] = {}
            for stored in (self._seed, self._stored):
                for value in stored.values():
                    digest, _, entry = value.partition(b"\t")
                    if len(digest) == 64:
                        index[digest] = entry
            self._by_content = index
        return self._by_content


def _digest(text: str) -> bytes:
    """The SHA-256 of a file's text, as entries keep it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest().encode("ascii")


def _lines(body: bytes | None) -> dict[bytes, bytes]:
    """A notes cache body's entries by file name."""
    found = {}
    for line in (body or b"").split(b"\n"):
        name, tab, entry = line.partition(b"\t")
        if tab:
            found[name] = entry
    return found


def _placed(entry: bytes, identity: list | None) -> list[NoteAt] | None:
    """The notes of an entry (kept for `identity`, unless None), or None when it does not serve."""
    if not entry:
        return None
    try:
        kept, notes = json.loads(entry)
        if identity is not None and kept != identity:
            return None
        return [_note_at(item) for item in notes]
    except (ValueError, TypeError, IndexError):
        return None


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
