"""Lists of records kept as their plain cached data until something reads one, and what the
reports ask of a progress log (its dates, its newest entry), answered from either form.

A log's plain data are what the private cache stored of a checked file: dates as ISO text, which
sort and compare as the dates do.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from operator import itemgetter

from .fieldtypes import Record
from .logslice import LogSlice

_UNREAD = object()  # a stored log not decoded yet


class LazyList(list):
    """A list of records kept as their plain data until something reads one, then built whole.

    Code that reads a list's storage directly (the json module, pydantic's serializer) must call
    `settled` first; the records' own `model_dump` do. A log from a cache entry may be kept as its
    stored bytes (`logslice.LogSlice`) until then: an entry read alone is decoded alone.
    """

    __slots__ = ("_make", "_plain", "_slice", "_some")

    def __init__(self, plain: list | None, make, stored: LogSlice | None = None) -> None:
        self._plain = _UNREAD if stored is not None else plain  # None once built
        self._slice = stored
        self._make = make
        self._some: dict[int, Record] = {}  # records read one by one before the list was built

    @property
    def plain(self) -> list | None:
        """The trusted plain data (decoded from the stored bytes on first use); None once built."""
        plain = self._plain
        if plain is _UNREAD:
            plain = self._plain = self._slice.load()
        return plain

    def settle(self) -> LazyList:
        """Build every record (once)."""
        if self._plain is not None:
            plain, some, make = self.plain, self._some, self._make
            self._plain = self._slice = None
            if some:
                list.extend(self, [some.get(i) or make(item) for i, item in enumerate(plain)])
            else:
                list.extend(self, map(make, plain))
            self._some = {}
        return self

    def __getitem__(self, index):
        plain = self._plain
        if plain is None or type(index) is not int:
            return list.__getitem__(self.settle(), index)
        size = len(self)
        if index < 0:
            index += size
        found = self._some.get(index)
        if found is None:
            if not 0 <= index < size:
                raise IndexError("list index out of range")
            item = self._slice.entry(index) if plain is _UNREAD else plain[index]
            found = self._some[index] = self._make(item)
        return found

    def __len__(self) -> int:
        plain = self._plain
        if plain is _UNREAD:
            return len(self._slice)
        return len(plain) if plain is not None else list.__len__(self)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __reduce_ex__(self, _protocol):
        return (list, (list(self.settle()),))

    def __copy__(self) -> list:
        return list(self.settle())

    def __deepcopy__(self, memo) -> list:
        import copy

        return copy.deepcopy(list(self.settle()), memo)

    def __radd__(self, other: list) -> list:
        return other + list(self.settle())

    def __repr__(self) -> str:
        return list.__repr__(self.settle())


def _settling(name: str):
    method = getattr(list, name)

    def call(self, *args, **kwargs):
        if self._plain is not None:
            self.settle()
        # The other list of a comparison or a sum is read by its storage too.
        if args and type(args[0]) is LazyList:
            args[0].settle()
        return method(self, *args, **kwargs)

    call.__name__ = name
    return call


for _name in ("__iter__", "__reversed__", "__setitem__", "__delitem__",
              "__contains__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
              "__add__", "__iadd__", "__mul__", "__rmul__", "__imul__", "append", "extend",
              "insert", "pop", "remove", "index", "count", "sort", "reverse", "clear",
              "copy"):  # fmt: skip
    setattr(LazyList, _name, _settling(_name))
LazyList.__hash__ = None  # type: ignore[assignment]


def plain_of(values: list) -> list | None:
    """The plain data of a list not built yet (dates as ISO text), else None."""
    return values.plain if type(values) is LazyList else None


def settled(record: Record) -> Record:
    """The record with every lazy list in it (and in its measures) built, for code that reads a
    list's storage directly."""
    for value in record.__dict__.values():
        if type(value) is LazyList:
            value.settle()
        elif type(value) is list and value and isinstance(value[0], Record):
            for item in value:
                settled(item)
    return record


def _stored(log: list) -> LogSlice | None:
    """The stored bytes and brief of a log not built yet, if it came that way."""
    return log._slice if type(log) is LazyList else None


def kept_as_bytes(log: list) -> bool:
    """Whether a log is still the stored bytes of a cache entry (its brief answers without them)."""
    return _stored(log) is not None


def plain_dated(log: list) -> list | None:
    """The plain data of a log not built yet whose dates are ISO text (they sort like dates)."""
    plain = plain_of(log)
    return plain if plain and isinstance(plain[0]["date"], str) else None


def iso_dates(log: list) -> list[str] | None:
    """The dates of a log not built yet as ISO text, in log order (no entry decoded), else None."""
    stored = _stored(log)
    if stored is not None:
        return stored.days()
    plain = plain_dated(log)
    return None if plain is None else [item["date"] for item in plain]


def stored_sorted_days(log: list) -> list[str] | None:
    """The dates of a stored log not built yet as ISO text, earliest first (from its brief), else
    None: a long log's days are compared as text, none made a date."""
    stored = _stored(log)
    if stored is None:
        return None
    days = stored.days()
    if not stored.brief["sorted"]:
        days.sort()
    return days


def sorted_dates(log: list) -> list[dt.date]:
    """The dates of a list of dated records, earliest first, without building a record."""
    stored = _stored(log)
    if stored is not None:
        return stored.sorted_dates()
    plain = plain_dated(log)
    if plain is None:
        return sorted(entry.date for entry in log)
    return list(map(dt.date.fromisoformat, sorted([item["date"] for item in plain])))


def newest(log: list) -> Record | None:
    """The newest dated record; of two on the same day, the later in the list."""
    stored = _stored(log)
    if stored is not None:
        return log[stored.brief["l"]]
    plain = plain_dated(log)
    if plain is None:
        return max(reversed(log), key=lambda entry: entry.date, default=None)
    dates = [item["date"] for item in plain]
    dates.reverse()
    return log[len(dates) - 1 - dates.index(max(dates))]


def newest_index(log: list) -> int:
    """The position of the newest dated record of a list that has one; of two on the same day,
    the earlier in the list."""
    stored = _stored(log)
    if stored is not None:
        return stored.brief["i"]
    plain = plain_dated(log)
    if plain is None:
        return max(range(len(log)), key=lambda i: log[i].date)
    dates = [item["date"] for item in plain]
    return dates.index(max(dates))


def newest_date(log: list) -> dt.date | None:
    """The date of the newest dated record, if any."""
    stored = _stored(log)
    if stored is not None:
        return dt.date.fromisoformat(stored.day(stored.brief["i"]))
    plain = plain_dated(log)
    if plain is None:
        return max((entry.date for entry in log), default=None)
    return dt.date.fromisoformat(max([item["date"] for item in plain]))


def first_date_with(log: list, field: str, value: object) -> dt.date | None:
    """The date of the first dated record whose `field` is `value`, if any."""
    stored = _stored(log)
    if stored is not None and field == "status" and value is not None:
        found = stored.first_reached(value)
        return None if found is None else dt.date.fromisoformat(found)
    plain = plain_dated(log)
    if plain is None:
        return next((e.date for e in log if getattr(e, field) == value), None)
    found = next((item["date"] for item in plain if item.get(field) == value), None)
    return None if found is None else dt.date.fromisoformat(found)


def dated_with(log: list, fields: tuple[str, ...], until: dt.date, since: dt.date | None = None):
    """The dated records, in order, from `since` to `until` with any of `fields` set, building
    only those."""
    stored = _stored(log)
    flagged = None if stored is None else stored.flagged(fields)
    if flagged is not None:
        low, high = ("" if since is None else since.isoformat()), until.isoformat()
        return [log[i] for i in flagged if low <= stored.day(i) <= high]
    plain = plain_dated(log)
    if plain is None:
        return [
            entry
            for entry in log
            if (since is None or since <= entry.date)
            and entry.date <= until
            and any(getattr(entry, name) for name in fields)
        ]
    low, high = ("" if since is None else since.isoformat()), until.isoformat()
    return [
        log[i]
        for i, item in enumerate(plain)
        if low <= item["date"] <= high and any(item.get(name) for name in fields)
    ]


def latest_with(log: list, fields: tuple[str, ...]) -> Record | None:
    """The latest dated record with any of `fields` set (the first of them on its day), building
    only that one."""
    stored = _stored(log)
    flagged = None if stored is None else stored.flagged(fields)
    if flagged is not None:
        found, newest = None, ""
        for i in flagged:
            day = stored.day(i)
            if day > newest:
                found, newest = i, day
        return None if found is None else log[found]
    plain = plain_dated(log)
    if plain is not None:
        found, newest = None, ""
        for i, item in enumerate(plain):
            if item["date"] > newest and any(item.get(name) for name in fields):
                found, newest = i, item["date"]
        return None if found is None else log[found]
    stated = dated_with(log, fields, dt.date.max)
    return max(stated, key=lambda entry: entry.date, default=None)


def month_counts(log: list) -> dict[int, int]:
    """How many dated records fall in each month (keyed year * 100 + month), in order of first."""
    counts: dict[int, int] = {}
    stored = _stored(log)
    if stored is not None:
        pairs = stored.month_pairs()
        return dict(zip(pairs[::2], pairs[1::2], strict=True))
    plain = plain_dated(log)
    if plain is None:
        for entry in log:
            key = entry.date.year * 100 + entry.date.month
            counts[key] = counts.get(key, 0) + 1
        return counts
    # An ISO date's first seven characters are its month; a Counter keeps the order of first.
    days = [item["date"] for item in plain]
    months = Counter(map(itemgetter(slice(0, 7)), days))
    return {int(month[:4]) * 100 + int(month[5:]): n for month, n in months.items()}


def last_set_before(log: list, index: int, field: str) -> object | None:
    """The `field` of the last record before position `index` that sets it, if any."""
    stored = _stored(log)
    if stored is not None and field == "progress" and 0 <= index <= len(stored):
        found = stored.last_given_before(index, field)
        return None if found is None else stored.entry(found).get(field)
    plain = plain_of(log)
    if plain is None:
        return next(
            (v for e in reversed(log[:index]) if (v := getattr(e, field)) is not None), None
        )
    return next(
        (v for i in range(index - 1, -1, -1) if (v := plain[i].get(field)) is not None), None
    )


def stored_months(log: list) -> list[int] | None:
    """How many entries of a stored log not built yet fall in each month, as [year * 100 + month,
    count, ...] in order of first (from its brief), else None."""
    stored = _stored(log)
    return None if stored is None else stored.month_pairs()


def standing_after(log: list, count: int) -> tuple[str, int]:
    """The status and progress the first `count` entries of a log leave, in log order: each
    entry's status when it gives one (progress when given), else the one before; not started at 0
    before any. A stored log answers from its brief."""
    stored = _stored(log)
    if stored is not None and 0 <= count <= len(stored):
        return stored.standing_after(count)
    status, progress = "not_started", 0
    plain = plain_of(log)
    if plain is not None:
        for item in plain[: max(count, 0)]:
            status = item.get("status") or status
            given = item.get("progress")
            progress = given if given is not None else progress
        return status, progress
    for entry in log[: max(count, 0)]:
        status = entry.status or status
        progress = entry.progress if entry.progress is not None else progress
    return status, progress
