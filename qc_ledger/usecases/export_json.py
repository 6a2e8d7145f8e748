"""`export -f json`: each task's part of the document copied from what an earlier export wrote for the
same file content, with only what depends on the day, the rules and the unit names worked out again.

A task's part is written once as `reports.export` and `render.jsonout` write it, with three holes
in each measure: its lead unit, its cooperating units (both written under their canonical names,
which units.yaml may change) and its fields as of the day (from the rules and the plan's period,
which other files hold). The holes are filled from the task's digest, which the restored ledger
holds for every task; the part is kept by its file's content digest, under the code's key. A task
with no content digest at hand (a ledger not restored from the cache, a file edited since the last
full load) is written from its record, as before.
"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from ..domain.digest import MeasureFacts
from ..domain.ledger import Ledger
from ..domain.timeliness import Standing, timely_state
from ..load.cache.fragments import FragmentStore
from ..render.jsonout import INDENT, Raw, Spooled, text_written, texts_written_at, written_at
from ..reports.export import (
    TIMELY_KEYS,
    document,
    measure_record,
    stored_fields,
    task_record,
)
from .forked import available, beside, halfway

# Where a task's part stands in the document: an item of "tasks", whose measures' fields are 3 deeper.
TASK_LEVEL = 2
_FIELD_PAD = b"\n" + b" " * (2 * (TASK_LEVEL + 3))
_HOLES = 3  # a measure's: lead unit, cooperating units, fields as of the day
_CHUNK = 1 << 20  # bytes gathered before the forked process writes: a few big writes, not many


class JsonExport:
    """The export document of a ledger as of a day; `keep` after writing it stores the new parts,
    `close` ends what is still running (use it as a context manager)."""

    def __init__(self, ledger: Ledger, today: dt.date, made=None):
        self.ledger, self.today = ledger, today
        stamp = getattr(ledger.tasks, "stamp", None)
        self._stamp = stamp
        self._store = None if stamp is None else FragmentStore(ledger.root, "export-json")
        canonical = ledger.registry.canonical
        self._lead = cache(lambda name: written_at(canonical(name), TASK_LEVEL + 3).encode())
        self._cooperating = cache(
            lambda names: texts_written_at([canonical(n) for n in names], TASK_LEVEL + 3).encode()
        )
        self._standing = Standing(today, ledger.rules, ledger.plan.period).timely
        # A measure's fields as of the day by what they are worked out from (`timely_state`):
        # looked up before any call, as tens of thousands of measures ask it.
        self._timely: dict[tuple, bytes] = {}
        # In a forked process: the parts made go to `made`, one after another, and `sent` says
        # which digest each task used or made (with the size made), for this process to keep.
        self._made = made
        self.sent: list[tuple[str, int | None]] = []
        self._later: _Later | None = None

    def document(self) -> dict:
        """The document, its tasks given as an iterator (each written as it comes). A province's
        later half of the tasks is written meanwhile by a forked process, and copied in."""
        task_ids = list(self.ledger.tasks)
        half = None if self._store is None else halfway(self.ledger, task_ids)
        if half is not None:
            # This process writes the groups and units before its half: the forked one takes more
            # tasks (a group weighs about half a task, measured at 3,318 and 16,716 groups).
            half = max(1, half - len(self.ledger.groups) // 2)
            self._later = _Later(self.ledger, self.today, task_ids[half:])
        return document(self.ledger, self.today, self._tasks(task_ids, half))

    def keep(self) -> None:
        """Store the parts made while the document was written (after it was written whole)."""
        if self._store is not None:
            self._store.save()

    def close(self) -> None:
        """End the forked process if it still runs (Ctrl+C, a reader gone) and drop its files."""
        if self._later is not None:
            self._later.close()

    def __enter__(self) -> JsonExport:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def _tasks(self, task_ids: list[str], half: int | None) -> Iterator:
        if half is None:
            yield from self._items(task_ids)
            return
        yield from self._items(task_ids[:half])
        sent = self._later.result()
        if sent is None:  # no process, or it failed: the later half here, after the first
            yield from self._items(task_ids[half:])
            return
        self._store.adopt(sent.parts, self._later.made)
        if sent.size:
            yield Spooled(self._later.spool, sent.size)

    def _items(self, task_ids: list[str]) -> Iterator:
        """Each task's part (`Raw`), or its record where it has none."""
        ledger, today = self.ledger, self.today
        facts_of = ledger.index.tasks
        for task_id in task_ids:
            digest = None if self._stamp is None else self._stamp(task_id)
            facts = facts_of.get(task_id)
            if digest is not None and facts is not None:
                part = self._part(digest, task_id)
                filled = None if part is None else self._filled(part, facts)
                if filled is not None:
                    yield filled
                    continue
            task = ledger.task_passing(task_id)
            measures = [measure_record(ledger, m, today, task.kind) for m in task.measures]
            yield task_record(task, measures)

    def _part(self, digest: str, task_id: str) -> bytes | None:
        """The task's part kept for its digest, else made (and kept, or sent back)."""
        part = self._store.get(digest)
        if part is not None:
            if self._made is not None:
                self.sent.append((digest, None))
            return part
        part = _part(self.ledger.task_passing(task_id))
        if part is None:
            return None
        if self._made is None:
            self._store.put(digest, part)
        else:
            self._made.write(part)
            self.sent.append((digest, len(part)))
        return part

    def _filled(self, part: bytes, facts) -> Raw | None:
        """A task's part with its measures' holes filled from its digest, or None if it does not
        fit the digest (then the task is written from its record)."""
        pieces = part.split(b"\0")
        opening = b"{" + _FIELD_PAD[:-4] + b'"id": ' + text_written(facts.id).encode() + b","
        if len(pieces) != _HOLES * len(facts.measures) + 1 or not pieces[0].startswith(opening):
            return None
        out = [pieces[0]]
        timely = self._timely
        for at, measure in enumerate(facts.measures):
            hole = _HOLES * at
            text = timely.get(state := timely_state(measure))
            if text is None:
                text = timely[state] = self._timely_text(measure)
            out += (self._lead(measure.lead_unit), pieces[hole + 1],
                    self._cooperating(measure.cooperating_units), pieces[hole + 2],
                    text, pieces[hole + 3])  # fmt: skip
        return Raw(b"".join(out))

    def _timely_text(self, measure: MeasureFacts) -> bytes:
        """The fields as of the day of a measure, written in place: the text after `"overdue": `
        up to the end of the last field."""
        values = self._standing(measure)
        # By type too: True and 1 are equal, and written apart.
        return _timely_values(TIMELY_KEYS, values, tuple(map(type, values)))


@cache
def _timely_values(keys: tuple, values: tuple, _types: tuple) -> bytes:
    """The text of fields as of the day with these values (a few hundred kinds in a province)."""
    out = [written_at(values[0], TASK_LEVEL + 3).encode()]
    for key, value in zip(keys[1:], values[1:], strict=True):
        out += (b"," + _FIELD_PAD + written_at(key, 0).encode() + b": ",
                written_at(value, TASK_LEVEL + 3).encode())  # fmt: skip
    return b"".join(out)


def _part(task) -> bytes | None:
    """A task's part of the export with the holes its digest fills, as \\0 (which JSON text never
    holds raw); None when the text does not come out in the expected shape."""
    mark = "\0" + secrets.token_hex(16) + "\0"  # the text around it cannot make it up
    measures = []
    for measure in task.measures:
        data = stored_fields(measure, task.kind)
        data["lead_unit"] = data["cooperating_units"] = mark
        data["overdue"] = mark  # the first field as of the day, in the place they all take
        measures.append(data)
    text = written_at(task_record(task, measures), TASK_LEVEL).encode()
    pieces = text.split(written_at(mark, 0).encode())
    if len(pieces) != _HOLES * len(measures) + 1 or b"\0" in text:
        return None
    for at in range(len(measures)):
        before_lead, before_cooperating, before_timely, after = pieces[3 * at : 3 * at + 4]
        if not (before_lead.endswith(_FIELD_PAD + b'"lead_unit": ')
                and before_cooperating.endswith(_FIELD_PAD + b'"cooperating_units": ')
                and before_timely.endswith(_FIELD_PAD + b'"overdue": ')
                and after.startswith(_FIELD_PAD[:-2] + b"}")):  # fmt: skip
            return None
    return b"\0".join(pieces)


class _Sent(NamedTuple):
    """What the forked process sends back: the parts it used and made (`JsonExport.sent`) and how
    many bytes of items it spooled."""

    parts: list[tuple[str, int | None]]
    size: int


# Between two items of "tasks", as `render.jsonout` writes the list.
_SEPARATOR = b",\n" + b" " * (INDENT * TASK_LEVEL)


class _Later:
    """The later half of the tasks, written as items of "tasks" into a nameless file by a forked
    process (when one can be had) while this one writes the rest of the document."""

    def __init__(self, ledger: Ledger, today: dt.date, task_ids: list[str]) -> None:
        self.ledger, self.today, self.task_ids = ledger, today, task_ids
        self.spool = self.made = self.forked = None
        if not available():
            return
        try:
            self.spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close)
            self.made = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close)
        except OSError:  # no temporary folder to write in: this process writes it all
            self.close()
            return
        self.forked = beside(self._share)

    def _share(self) -> _Sent:
        """In the forked process: the items, each written as the list writes it there."""
        export = JsonExport(self.ledger, self.today, self.made)
        held: list[bytes] = []
        size = written = 0
        for item in export._items(self.task_ids):
            data = item if type(item) is Raw else written_at(item, TASK_LEVEL).encode("utf-8")
            if size:  # a separator before every item but the first
                held.append(_SEPARATOR)
                size += len(_SEPARATOR)
            held.append(data)
            size += len(data)
            if size - written >= _CHUNK:
                self.spool.write(b"".join(held))
                held.clear()
                written = size
        self.spool.write(b"".join(held))
        self.spool.flush()
        self.made.flush()
        return _Sent(export.sent, size)

    def result(self) -> _Sent | None:
        """What the forked process sent, or None when there was none or it failed."""
        if self.forked is None:
            return None
        sent = self.forked.result()
        self.forked = None
        return sent

    def close(self) -> None:
        """End the process if it still runs, and close the files."""
        if self.forked is not None:
            self.forked.stop()
            self.forked = None
        for stream in (self.spool, self.made):
            if stream is not None:
                stream.close()
        self.spool = self.made = None
