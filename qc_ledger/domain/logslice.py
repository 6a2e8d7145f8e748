"""A cached progress log left as the bytes it was stored in, with a brief of it made when it was
stored, so that the reports' questions (its dates, its newest entry) are answered without decoding
the entries' text; an entry is decoded alone, by where it sits, and the whole log on demand.

The brief (`brief_of`): the number of entries, their dates in log order as one text, one flag
character an entry (which of `FLAGS` it sets), the first date each status was reached, the
positions of the newest entry (the earlier and the later of one day), where each entry starts, the
status and progress standing after each entry (`standing_after`) and the entries by month.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

# The fields a brief flags, by bit: set (truthy) for the first three, given (not None) for progress.
FLAGS = {"highlight": 1, "problems": 2, "next_steps": 4, "progress": 8}
_GIVEN = frozenset({"progress"})
_FLAGGED: dict[int, re.Pattern] = {}  # by mask: the flag characters with any of its bits
_DATE = 10  # an ISO date's length; the dates of a brief are joined by commas
# The statuses a brief's standing text writes, one character each ("0" the first); before any
# entry gives one, a measure is not started at progress 0.
STANDING_STATUSES = ("not_started", "in_progress", "delayed", "done", "cancelled")
_STATUS_CHAR = {status: chr(48 + i) for i, status in enumerate(STANDING_STATUSES)}


def brief_of(dates: list[str], entries: list[dict], starts: list[int]) -> dict | None:
    """The brief of a log whose entries (plain data) have these ISO dates and start at these
    offsets in its JSON (its length last); None when a date is not ISO text."""
    if not dates or any(type(day) is not str or len(day) != _DATE for day in dates):
        return None
    flags, reached, statuses, progresses, months = [], {}, [], [], {}
    standing, progress = _STATUS_CHAR["not_started"], 0
    for entry, day in zip(entries, dates, strict=True):
        mask = 0
        for name, bit in FLAGS.items():
            value = entry.get(name)
            if (value is not None) if name in _GIVEN else value:
                mask |= bit
        flags.append(chr(48 + mask))
        status = entry.get("status")
        if status is not None:
            if type(status) is not str:
                return None
            reached.setdefault(status, day)
        # What the measure stands at after the entry: an entry giving neither keeps the last.
        if status:
            standing = _STATUS_CHAR.get(status)
            if standing is None:
                return None
        given = entry.get("progress")
        if given is not None:
            if type(given) is not int or not 0 <= given <= 100:
                return None
            progress = given
        statuses.append(standing)
        progresses.append(f"{progress:03d}")
        try:
            month = int(day[:4]) * 100 + int(day[5:7])
        except ValueError:
            return None
        months[month] = months.get(month, 0) + 1
    top = max(dates)
    later = len(dates) - 1 - dates[::-1].index(top)
    return {
        "n": len(dates),
        "d": ",".join(dates),
        "f": "".join(flags),
        "s": reached,
        "i": dates.index(top),
        "l": later,
        "o": ",".join(map(str, starts)),
        "sorted": all(a <= b for a, b in itertools.pairwise(dates)),
        "t": "".join(statuses),
        "p": "".join(progresses),
        "m": [number for pair in months.items() for number in pair],
    }


class LogSlice:
    """A progress log kept as its stored JSON (`raw[start:end]`) and its brief."""

    __slots__ = ("_starts", "brief", "end", "raw", "start")

    def __init__(self, raw: bytes, start: int, end: int, brief: dict) -> None:
        self.raw, self.start, self.end, self.brief = raw, start, end, brief
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return self.brief["n"]

    def load(self) -> list:
        """The whole log's plain data."""
        return json.loads(self.raw[self.start : self.end])

    def entry(self, index: int) -> dict:
        """One entry's plain data, decoded alone."""
        starts = self._starts
        if starts is None:
            starts = self._starts = list(map(int, self.brief["o"].split(",")))
        # Entries are joined by commas; the last ends before the closing bracket.
        return json.loads(self.raw[self.start + starts[index] : self.start + starts[index + 1] - 1])

    def day(self, index: int) -> str:
        """An entry's date as ISO text."""
        at = index * (_DATE + 1)
        return self.brief["d"][at : at + _DATE]

    def days(self) -> list[str]:
        """Every entry's date as ISO text, in log order."""
        return self.brief["d"].split(",")

    def sorted_dates(self) -> list[dt.date]:
        days = self.days()
        if not self.brief["sorted"]:
            days.sort()
        return list(map(dt.date.fromisoformat, days))

    def flagged(self, fields: tuple[str, ...]) -> list[int] | None:
        """The positions of the entries setting any of `fields`, or None when one is not flagged."""
        mask = 0
        for name in fields:
            bit = FLAGS.get(name)
            if bit is None or name in _GIVEN:
                return None
            mask |= bit
        found = _FLAGGED.get(mask)
        if found is None:
            chars = "".join(chr(48 + m) for m in range(16) if m & mask)
            found = _FLAGGED[mask] = re.compile("[" + re.escape(chars) + "]")
        return [match.start() for match in found.finditer(self.brief["f"])]

    def first_reached(self, status: object) -> str | None:
        """The date of the first entry giving this status, if any."""
        return next((day for key, day in self.brief["s"].items() if key == status), None)

    def standing_after(self, count: int) -> tuple[str, int]:
        """The status and progress the first `count` entries leave (in log order): each entry's
        status when it gives one, else the one before; not started at 0 before any."""
        if count <= 0:
            return "not_started", 0
        at = count - 1
        brief = self.brief
        return STANDING_STATUSES[ord(brief["t"][at]) - 48], int(brief["p"][3 * at : 3 * at + 3])

    def month_pairs(self) -> list[int]:
        """How many entries fall in each month, as [year * 100 + month, count, ...] in order of
        first."""
        return self.brief["m"]

    def last_given_before(self, index: int, field: str) -> int | None:
        """The position of the last entry before `index` giving `field` (a flagged one), if any."""
        bit = FLAGS[field]
        flags = self.brief["f"]
        return next((i for i in range(index - 1, -1, -1) if (ord(flags[i]) - 48) & bit), None)
