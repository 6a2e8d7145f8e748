"""Lists of records kept as their plain cached data until something reads one, and what the
reports ask of a progress log (its dates, its newest entry), answered from either form.

A log's plain data are what the private cache stored of a checked file: dates as ISO text, which
sort and compare as the dates do.
"""

from __future__ import annotations

import datetime as dt

from .fieldtypes import Record


class LazyList(list):
    """A list of records kept as their plain data until something reads one, then built whole.

    Code that reads a list's storage directly (the json module, pydantic's serializer) must call
    `settled` first; the records' own `model_dump` do.
    """

    __slots__ = ("_make", "_some", "plain")

    def __init__(self, plain: list, make) -> None:
        self.plain = plain  # the trusted plain data; None once built
        self._make = make
        self._some: dict[int, Record] = {}  # records read one by one before the list was built

    def settle(self) -> LazyList:
        """Build every record (once)."""
        if self.plain is not None:
            plain, self.plain, some, make = self.plain, None, self._some, self._make
            if some:
                list.extend(self, [some.get(i) or make(item) for i, item in enumerate(plain)])
            else:
                list.extend(self, map(make, plain))
            self._some = {}
        return self

    def __getitem__(self, index):
        plain = self.plain
        if plain is None or type(index) is not int:
            return list.__getitem__(self.settle(), index)
        if index < 0:
            index += len(plain)
        found = self._some.get(index)
        if found is None:
            if not 0 <= index < len(plain):
                raise IndexError("list index out of range")
            found = self._some[index] = self._make(plain[index])
        return found

    def __len__(self) -> int:
        return len(self.plain) if self.plain is not None else list.__len__(self)

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
        if self.plain is not None:
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


def plain_dated(log: list) -> list | None:
    """The plain data of a log not built yet whose dates are ISO text (they sort like dates)."""
    plain = plain_of(log)
    return plain if plain and isinstance(plain[0]["date"], str) else None


def sorted_dates(log: list) -> list[dt.date]:
    """The dates of a list of dated records, earliest first, without building a record."""
    plain = plain_dated(log)
    if plain is None:
        return sorted(entry.date for entry in log)
    return list(map(dt.date.fromisoformat, sorted([item["date"] for item in plain])))


def newest(log: list) -> Record | None:
    """The newest dated record; of two on the same day, the later in the list."""
    plain = plain_dated(log)
    if plain is None:
        return max(reversed(log), key=lambda entry: entry.date, default=None)
    dates = [item["date"] for item in plain]
    dates.reverse()
    return log[len(dates) - 1 - dates.index(max(dates))]


def newest_index(log: list) -> int:
    """The position of the newest dated record of a list that has one; of two on the same day,
    the earlier in the list."""
    plain = plain_dated(log)
    if plain is None:
        return max(range(len(log)), key=lambda i: log[i].date)
    dates = [item["date"] for item in plain]
    return dates.index(max(dates))


def newest_date(log: list) -> dt.date | None:
    """The date of the newest dated record, if any."""
    plain = plain_dated(log)
    if plain is None:
        return max((entry.date for entry in log), default=None)
    return dt.date.fromisoformat(max([item["date"] for item in plain]))


def first_date_with(log: list, field: str, value: object) -> dt.date | None:
    """The date of the first dated record whose `field` is `value`, if any."""
    plain = plain_dated(log)
    if plain is None:
        return next((e.date for e in log if getattr(e, field) == value), None)
    found = next((item["date"] for item in plain if item.get(field) == value), None)
    return None if found is None else dt.date.fromisoformat(found)


def dated_with(log: list, fields: tuple[str, ...], until: dt.date, since: dt.date | None = None):
    """The dated records, in order, from `since` to `until` with any of `fields` set, building
    only those."""
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


def month_counts(log: list) -> dict[int, int]:
    """How many dated records fall in each month (keyed year * 100 + month), in order of first."""
    counts: dict[int, int] = {}
    plain = plain_dated(log)
    if plain is None:
        for entry in log:
            key = entry.date.year * 100 + entry.date.month
            counts[key] = counts.get(key, 0) + 1
        return counts
    months: dict[str, int] = {}
    for item in plain:  # an ISO date's first seven characters are its month
        month = item["date"][:7]
        months[month] = months.get(month, 0) + 1
    return {int(month[:4]) * 100 + int(month[5:]): n for month, n in months.items()}


def last_set_before(log: list, index: int, field: str) -> object | None:
    """The `field` of the last record before position `index` that sets it, if any."""
    plain = plain_of(log)
    if plain is None:
        return next(
            (v for e in reversed(log[:index]) if (v := getattr(e, field)) is not None), None
        )
    return next(
        (v for i in range(index - 1, -1, -1) if (v := plain[i].get(field)) is not None), None
    )
