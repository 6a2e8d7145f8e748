"""Read-only mappings whose values are built the first time they are looked up.

A ledger restored from the cache knows every task's id, file and digest, but rebuilds a task's full
record only when a command asks for it: `show` one measure, `list` one unit's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class LazyMap(Mapping[K, V], Generic[K, V, R]):
    """Keys known from the start, in order; each value made from its raw entry once, when read.

    `ready` values are used as they are; their keys follow the raw ones unless `raw` has them too.
    """

    def __init__(self, raw: dict[K, R], make: Callable[[K, R], V], ready: dict[K, V] | None = None):
        self._raw = raw
        self._make = make
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

    def __contains__(self, key: object) -> bool:
        return key in self._built or key in self._raw

    def __iter__(self) -> Iterator[K]:
        return iter(self._order if self._order is not None else self._raw)

    def __len__(self) -> int:
        return len(self._order) if self._order is not None else len(self._raw)

    def built(self) -> int:
        """How many values have been made so far (the ready ones included)."""
        return len(self._built)
