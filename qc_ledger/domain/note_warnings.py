"""Note-quality warnings across a ledger: each open measure's newest note judged (note_quality.py),
silence on problems, and copies of another unit's note in the same cycle. Pure.

`NotesWarnings` gathers the notes as a pass goes; two passes over parts of a ledger (one in a forked
process) merged in order give the warnings of one pass over the whole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .digest import MeasureFacts
from .models import Measure, Period, Rules
from .note_quality import (
    CODES,
    NewestNote,
    NoteWarning,
    cycle_end,
    newest_note,
    silent_warning,
    similar,
)
from .timeliness import is_overdue, light


@dataclass(frozen=True)
class _Newest:
    measure_id: str
    unit: str
    index: int
    date: dt.date
    text: str


# Near copies share most character pairs: a ratio of 0.9 leaves about two thirds of the bigrams in
# common, so pairs sharing under half are never compared (a set-similarity join's prefix filter).
_SHARED_BIGRAMS = 0.5


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _near_pairs(texts: list[str], threshold: float) -> Iterator[tuple[str, str]]:
    """Distinct texts (shortest first) whose ratio reaches `threshold`, without comparing every pair.

    Each text is indexed under its rarest bigrams only (the prefix that any text sharing half its
    bigrams must touch); candidates then pass the length window, the cheap ratios and the ratio.
    """
    grams = [_bigrams(text) for text in texts]
    frequency: dict[str, int] = {}
    for found in grams:
        for gram in found:
            frequency[gram] = frequency.get(gram, 0) + 1
    index: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        ordered = sorted(grams[i], key=lambda gram: (frequency[gram], gram))
        prefix = ordered[: len(ordered) - math.ceil(_SHARED_BIGRAMS * len(ordered)) + 1]
        shortest = len(text) * threshold / (2 - threshold)
        seen: set[int] = set()
        for gram in prefix:
            for j in index.get(gram, ()):
                if j not in seen and len(texts[j]) >= shortest:
                    seen.add(j)
                    shared = len(grams[i] & grams[j])
                    if shared < _SHARED_BIGRAMS * max(len(grams[i]), len(grams[j])):
                        continue
                    if similar(texts[j], text, threshold):
                        yield texts[j], text
            index.setdefault(gram, []).append(i)


def _copied_across(newest: list[_Newest], due: int, threshold: float) -> list[NoteWarning]:
    """Newest notes nearly equal to another unit's in the same cycle: grouped by cycle, equal texts
    by their text, near ones through _near_pairs."""
    cycles: dict[dt.date, list[_Newest]] = {}
    for item in newest:
        if item.text:
            cycles.setdefault(cycle_end(item.date, due), []).append(item)
    found: dict[tuple[str, int], _Newest] = {}
    for items in cycles.values():
        items.sort(key=lambda item: len(item.text))
        exact: dict[str, list[_Newest]] = {}
        for item in items:
            exact.setdefault(item.text, []).append(item)
        for same in exact.values():
            for item in same:
                other = next((o for o in same if o.unit != item.unit), None)
                if other is not None:
                    found[(item.measure_id, item.index)] = other
        for a, b in _near_pairs(list(exact), threshold):
            for left, right in ((exact[a], exact[b]), (exact[b], exact[a])):
                for item in left:
                    other = next((o for o in right if o.unit != item.unit), None)
                    if other is not None:
                        found.setdefault((item.measure_id, item.index), other)
    out = []
    for item in newest:
        other = found.get((item.measure_id, item.index))
        if other is None:
            continue
        out.append(
            NoteWarning(
                "note_copied",
                item.measure_id,
                item.unit,
                item.index,
                item.date,
                f"措施 {item.measure_id} {item.date.isoformat()} 的进展与{other.unit}"
                f"（措施 {other.measure_id}）同期的进展几乎相同",
                "写明本单位这一期做了什么：数字、日期、文号或成果",
            )
        )
    return out


def ledger_warnings(
    measures: Iterable[tuple[Measure, str]], today: dt.date, rules: Rules, period: Period
) -> list[NoteWarning]:
    """Every warning on the newest entry of each open measure (`measures`: measure, lead unit)."""
    found = NotesWarnings(today, rules, period)
    for measure, unit in measures:
        found.add_measure(measure, unit)
    return found.warnings()


def notes_warnings(
    notes: Iterable[tuple[NewestNote, Measure | MeasureFacts, str]],
    today: dt.date,
    rules: Rules,
    period: Period,
) -> list[NoteWarning]:
    """Every warning on the newest entries (`notes`: the note, its measure or measure's digest, its
    lead unit), in measure order: its own, silence on problems, copies of another unit's."""
    found = NotesWarnings(today, rules, period)
    for note, measure, unit in notes:
        found.add(note, measure, unit)
    return found.warnings()


class NotesWarnings:
    """The warnings of newest notes as a pass meets them; `merge` takes in another pass's (`part`)."""

    def __init__(self, today: dt.date, rules: Rules, period: Period) -> None:
        self.today, self.rules, self.period = today, rules, period
        self._out: list[NoteWarning] = []
        self._newest: list[_Newest] = []

    def add_measure(self, measure: Measure, unit: str) -> None:
        """A measure (its lead unit given): its newest note, when it is open and has one."""
        note = newest_note(measure, self.rules.note_quality)
        if note is not None:
            self.add(note, measure, unit)

    def add(self, note: NewestNote, measure: Measure | MeasureFacts, unit: str) -> None:
        """A newest note, its measure (or its digest) and its lead unit."""
        self._out.extend(replace(warning, unit=unit) for warning in note.warnings)
        today = self.today
        if not note.answered and (
            is_overdue(measure, today) or light(measure, today, self.rules, self.period) == "red"
        ):
            self._out.append(silent_warning(note, measure, today, unit))
        self._newest.append(_Newest(note.measure_id, unit, note.index, note.date, note.text))

    def part(self) -> tuple[list[NoteWarning], list[_Newest]]:
        """What this pass found, to send to the process that merges it."""
        return self._out, self._newest

    def merge(self, part: tuple[list[NoteWarning], list[_Newest]]) -> None:
        """Another pass's notes, met after this one's."""
        self._out += part[0]
        self._newest += part[1]

    def warnings(self) -> list[NoteWarning]:
        """Every warning, copies across units included, in measure order (once: it sorts in place)."""
        out = self._out
        seen = {(w.measure_id, w.entry) for w in out if w.code == "note_copied"}
        quality, due = self.rules.note_quality, self.rules.reporting.day_of_month
        for warning in _copied_across(self._newest, due, quality.similarity):
            if (warning.measure_id, warning.entry) not in seen:
                out.append(warning)
        order = {code: rank for rank, code in enumerate(CODES)}
        out.sort(key=lambda w: (w.measure_id, order[w.code]))
        return out
