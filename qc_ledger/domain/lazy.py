"""Read-only mappings whose values are built the first time they are looked up.

A ledger restored from the cache knows every task's id, file and digest, but rebuilds a task's full
record only when a command asks for it: `show` one measure, `list` one unit's.
"""

from __future__ import annotations

import gc
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    ValuesView,
)
from contextlib import contextmanager
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class Memo(dict):
    """Each key's value, made by `make` the first time the key is looked up."""

    def __init__(self, make: Callable) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off while a command builds many values that all live until it ends."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


class LazyMap(Mapping[K, V], Generic[K, V, R]):
    """Keys known from the start, in order; each value made from its raw entry once, when read.

    `ready` values are used as they are; their keys follow the raw ones unless `raw` has them too.
    """

    def __init__(self, raw: dict[K, R], make: Callable[[K, R], V], ready: dict[K, V] | None = None,
                 sketch: Callable[[K, R], object] | None = None,
                 stamp: Callable[[K, R], str | None] | None = None,
                 glance: Callable[[K, R], object] | None = None):  # fmt: skip
        self._raw = raw
        self._make = make
        self._sketch = sketch
        self._stamp = stamp
        self._glance = glance
        self._built: dict[K, V] = dict(ready or {})
        extra = [key for key in self._built if key not in raw]
        self._order: list[K] | None = [*raw, *extra] if extra else None

    def __getitem__(self, key: K) -> V:
        try:
            return self._built[key]
        except KeyError:
            pass
        raw = self._raw[key]  # KeyError for an unknown key, as a dict raises
        value = self._built[key] = self._make(key, raw)
        return value

    def passing(self, key: K) -> V:
        """The value of a key, made for the caller alone when not made yet (not kept)."""
        try:
            return self._built[key]
        except KeyError:
            return self._make(key, self._raw[key])

    def sketch(self, key: K) -> object | None:
        """What the map's maker can tell of a value not made yet without making it (a task's
        listed rows), or None: a value made already, or none to tell."""
        if self._sketch is None or key in self._built:
            return None
        return self._sketch(key, self._raw[key])

    def glance(self, key: K) -> object | None:
        """What a table shows of a value not made yet, told without making it (a group's short
        name; a task's shown rows, decoded with every other task's), or None: made, or none."""
        if self._glance is None or key in self._built:
            return None
        return self._glance(key, self._raw[key])

    def stamp(self, key: K) -> str | None:
        """What names the content a value not made yet will be made from (its file's content
        digest), for what is kept by content besides it; or None: a value made already, or none."""
        if self._stamp is None or key in self._built:
            return None
        return self._stamp(key, self._raw[key])

    def __contains__(self, key: object) -> bool:
        return key in self._built or key in self._raw

    def __iter__(self) -> Iterator[K]:
        return iter(self._order if self._order is not None else self._raw)

    def __len__(self) -> int:
        return len(self._order) if self._order is not None else len(self._raw)

    def with_ready(self, ready: dict[K, V]) -> LazyMap[K, V, R]:
        """The same map with more values given as they are (a new map: this one is not changed)."""
        return LazyMap(self._raw, self._make, {**self._built, **ready}, self._sketch, self._stamp,
                       self._glance)  # fmt: skip

    def values(self) -> ValuesView[V]:
        """Every value, those not built yet made in one go (see `build_all`)."""
        self.build_all()
        return super().values()

    def items(self) -> ItemsView[K, V]:
        """Every key with its value, those not built yet made in one go (see `build_all`)."""
        self.build_all()
        return super().items()

    def build_all(self) -> None:
        """Make every value not made yet, with the cyclic collector paused and then kept off them.

        Made one by one while the collector runs, a province's records would be walked by it
        again and again as they pile up: minutes of a `list --all`. They live until the command
        ends, so, as a load's records are, they are frozen out of its reach.
        """
        self.build(self._raw)

    def build(self, keys: Iterable[K]) -> None:
        """Make the values of these keys not made yet, in one go, as `build_all` makes them."""
        missing = [key for key in keys if key not in self._built]
        if not missing:
            return
        with collector_paused():
            for key in missing:
                self._built[key] = self._make(key, self._raw[key])
            gc.freeze()

    def built(self) -> int:
        """How many values have been made so far (the ready ones included)."""
        return len(self._built)


class LazySupport(Sequence[tuple[object, object]]):
    """A restored ledger's other files as (source, record) pairs in load order, a group's source
    and record made (from `sources` and `groups`, LazyMaps by group id) when its pair is read: a
    command showing a few of a province's thousands of groups builds only theirs."""

    def __init__(self, entries: list[tuple[object, object]], groups: LazyMap, sources: LazyMap,
                 paths: list[str]):  # fmt: skip
        # A group's entry is (None, its id); any other file's, its (source, record).
        self.entries = entries
        self.groups = groups
        self.sources = sources
        self.paths = paths  # every entry's file, as text

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.entries)))]
        source, record = self.entries[index]
        return (self.sources[record], self.groups[record]) if source is None else (source, record)
