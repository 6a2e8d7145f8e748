"""The tasks' digests as a snapshot stores them, each made into a TaskFacts only when it is read.

A restored ledger has every task's digest as the JSON text `digest.to_data` gave, beside an outline
of it (`outline`: id, group, supervised or not, the units it names, its measures' ids). A command
that reads a few tasks (one unit's list, one measure) makes only theirs: which tasks name a unit,
where a measure is, which tasks are supervised and how many measures there are come from the
outlines. Pure: never reads a file, prints or exits.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import ItemsView, Iterator, Mapping, ValuesView

from .digest import Names, TaskFacts, TaskIndex, day_table, from_data
from .lazy import collector_paused


def outline(facts: TaskFacts, names: Names) -> list:
    """What a stored digest's index reads without making it: id, group, supervised (0 or 1), the
    numbers of the units it names (`names`, as `to_data` numbers them) and its measures' ids."""
    units = set()
    for m in facts.measures:
        units.add(names.code(m.lead_unit))
        units.update(map(names.code, m.cooperating_units))
    return [facts.id, facts.group, int(facts.supervised), sorted(units),
            [m.id for m in facts.measures]]  # fmt: skip


# Digests made one by one before the rest are made in one go: a unit's list or a measure reads a
# few; a report that reads task after task reads them all.
_ONE_BY_ONE = 256


class StoredDigests(Mapping[str, TaskFacts]):
    """Each task's digest by id in file order, made from its stored text when first read."""

    def __init__(self, texts: dict[str, str], names: list[str]):
        self._texts = texts
        self._names = names
        self._days = day_table()
        self._made: dict[str, TaskFacts] = {}
        self._ordered = False  # `_made` holds every digest in file order
        self._single = 0  # digests made one by one so far

    def __getitem__(self, task_id: str) -> TaskFacts:
        try:
            return self._made[task_id]
        except KeyError:
            pass
        text = self._texts[task_id]  # KeyError for an unknown id, as a dict raises
        self._single += 1
        if self._single > _ONE_BY_ONE:
            # A command reading task after task reads them all: made in one go, as `values` does,
            # not one decoding each with the collector walking what piles up.
            self.build_all()
            return self._made[task_id]
        made = self._made[task_id] = from_data(json.loads(text), self._names, self._days)
        return made

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def values(self) -> ValuesView[TaskFacts]:
        """Every digest in file order, those not made yet made in one go (see `build_all`)."""
        self.build_all()
        return self._made.values()

    def items(self) -> ItemsView[str, TaskFacts]:
        """Every id with its digest in file order, those not made yet made in one go."""
        self.build_all()
        return self._made.items()

    def build_all(self) -> None:
        """Make every digest not made yet with the cyclic collector paused, then kept off them:
        they live until the command ends, and made while it runs they would be walked again and
        again as they pile up."""
        made, texts = self._made, self._texts
        if len(made) >= len(texts) and self._ordered:
            return
        missing = [key for key in texts if key not in made]
        with collector_paused():
            data = json.loads("[" + ",".join(texts[key] for key in missing) + "]")
            for key, values in zip(missing, data, strict=True):
                made[key] = from_data(values, self._names, self._days)
            # In file order, so that its views are the map's own (a digest read before was
            # made out of order).
            self._made = {key: made[key] for key in texts}
            self._ordered = True
            gc.freeze()

    def made(self) -> dict[str, TaskFacts]:
        """The digests made or given so far."""
        return self._made


class StoredShown:
    """What a table shows of each task's measures (`digest.shown_part`) as a snapshot stores it, by
    task id: decoded when first read, all in one go once a command reads task after task."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._made: dict[str, object] = {}
        self._single = 0  # read one by one so far

    def get(self, task_id: str) -> object | None:
        """The task's shown rows as stored (a list, unchecked), or None: not stored or not JSON."""
        try:
            return self._made[task_id]
        except KeyError:
            pass
        text = self._texts.get(task_id)
        if text is None:
            return None
        self._single += 1
        if self._single > _ONE_BY_ONE:
            self._decode_all()
            return self._made.get(task_id)
        made = self._made[task_id] = _decoded(text)
        return made

    def put(self, task_id: str, shown: list | None) -> None:
        """A task's shown rows from its file checked again, instead of the stored ones."""
        self._made[task_id] = shown

    def _decode_all(self) -> None:
        missing = [key for key in self._texts if key not in self._made]
        with collector_paused():
            try:
                data = json.loads("[" + ",".join(self._texts[key] for key in missing) + "]")
            except (ValueError, RecursionError):  # one damaged: each decoded on its own
                data = [_decoded(self._texts[key]) for key in missing]
            self._made.update(zip(missing, data, strict=True))


def _decoded(text: str) -> object | None:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def stored_index(outlines: list[list], texts: list[str], names: list[str],
                 shown: list[str] | None = None) -> StoredIndex:  # fmt: skip
    """The index of stored digests: each task's `outline` and `to_data` JSON text, in file order,
    with what a table shows of its measures (`StoredShown`) when the snapshot stores it.

    The outlines' shape is checked here (TypeError, ValueError or IndexError when it is not
    theirs); a digest's values when it is made (the snapshot holding them is this code's own,
    written whole).
    """
    by_id: dict[str, str] = {}
    for (task_id, group, watched, units, measure_ids), text in zip(outlines, texts, strict=True):
        if not isinstance(task_id, str) or not isinstance(group, str) or not isinstance(text, str):
            raise TypeError("digest")
        if (
            not isinstance(units, list)
            or not isinstance(measure_ids, list)
            or watched not in (0, 1)
        ):
            raise TypeError("digest outline")
        by_id[task_id] = text
    if len(by_id) != len(outlines):
        raise ValueError("a task stored twice")
    index = StoredIndex(StoredDigests(by_id, names), outlines, names)
    if shown is not None:
        index.shown = StoredShown(dict(zip(by_id, shown, strict=True)))
    return index


class StoredIndex(TaskIndex):
    """A TaskIndex over stored digests: the questions that need no TaskFacts answered without.

    `stamp`: when the snapshot was written, set when the ledger restored is that snapshot's as
    written (no file checked again): what was worked out from it and kept under the stamp holds.
    `shown`: what a table shows of each task's measures, when the snapshot stores it.
    `in_id_order`: True when the measures, task after task in file order, are in id order, as the
    snapshot found them (None once a task is replaced, or when the snapshot does not tell).
    """

    stamp: int | None = None
    shown: StoredShown | None = None
    in_id_order: bool | None = None

    def __init__(self, digests: StoredDigests, outlines: list[list], names: list[str]):
        self.tasks = digests  # type: ignore[assignment]
        self._outlines = outlines
        self._names = names
        self._measure_at = None
        self._position = None
        self._replaced: dict[str, TaskFacts] = {}
        self._groups()

    def _groups(self) -> None:
        self.by_group = by_group = {}
        replaced = self._replaced
        for found in self._outlines:
            group = found[1] if found[0] not in replaced else replaced[found[0]].group
            tasks = by_group.get(group)
            if tasks is None:
                by_group[group] = [found[0]]
            else:
                tasks.append(found[0])

    def replace(self, facts: TaskFacts) -> None:
        """A task's digest made from its file checked again, instead of the stored one (before the
        index is read): the same task id, its outline answered from the digest."""
        if facts.id not in self.tasks:
            raise KeyError(facts.id)
        self.tasks.made()[facts.id] = self._replaced[facts.id] = facts
        self.in_id_order = None  # its measures' ids may have changed
        self._groups()

    def _each(self) -> Iterator[tuple[list, TaskFacts | None]]:
        """Each task's outline, with its digest when one was given in place of the stored one."""
        replaced = self._replaced
        if not replaced:
            return zip(self._outlines, itertools.repeat(None, len(self._outlines)), strict=True)
        return ((found, replaced.get(found[0])) for found in self._outlines)

    @property
    def measure_at(self) -> dict[str, tuple[str, int]]:
        """Each measure's task and position in it, made on first use from the outlines."""
        if self._measure_at is None:
            found: dict[str, tuple[str, int]] = {}
            for (task_id, *_, measure_ids), facts in self._each():
                if facts is not None:
                    measure_ids = [m.id for m in facts.measures]
                for position, measure_id in enumerate(measure_ids):
                    found.setdefault(measure_id, (task_id, position))
            self._measure_at = found
        return self._measure_at

    def measure_count(self) -> int:
        """How many measures the tasks hold, without making their digests."""
        return sum(
            len(found[4]) if facts is None else len(facts.measures) for found, facts in self._each()
        )

    def supervised_ids(self) -> list[str]:
        """The tasks, in file order, whose digests say they are supervised."""
        return [
            found[0]
            for found, facts in self._each()
            if (found[2] == 1 if facts is None else facts.supervised)
        ]

    def tasks_naming(self, spellings: frozenset[str]) -> list[str]:
        """The tasks, in file order, with a measure that any of these unit names leads or joins."""
        codes = {code for code, name in enumerate(self._names) if name in spellings}
        if not self._replaced:
            return [found[0] for found in self._outlines if not codes.isdisjoint(found[3])]
        found_ids = []
        for found, facts in self._each():
            if facts is not None:
                if any(
                    m.lead_unit in spellings or not spellings.isdisjoint(m.cooperating_units)
                    for m in facts.measures
                ):
                    found_ids.append(found[0])
            elif not codes.isdisjoint(found[3]):
                found_ids.append(found[0])
        return found_ids
