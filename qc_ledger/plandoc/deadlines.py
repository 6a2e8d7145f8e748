"""Deadlines as plans write them: 2023年6月底前, 年底前, 2024年上半年, 长期坚持, 持续推进."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

_OPEN = re.compile(r"长期坚持|持续推进|长期推进|长期执行|常态化推进|持续开展")
_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?P<edge>底前|末前|底|末|前|之前|份)?")
_HALF = re.compile(r"(\d{4})\s*年\s*(上半年|下半年|第([一二三四1-4])季度)")
_YEAR = re.compile(r"(\d{4})\s*年\s*(?P<edge>年?底前|年?末前|年?底|年?末|前|之前|内)?")
_BARE_YEAR_END = re.compile(r"(?<![\d年])(今年|本年|年)?(年底|年末)前")
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


@dataclass(frozen=True)
class Deadline:
    """A deadline as the source writes it and what it means: a day, or open (no end)."""

    as_written: str
    day: dt.date | None
    open: bool = False
    year_inferred: bool = False  # "年底前" with no year printed


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def read_deadline(text: str, first_year: int, *, strict: bool = True) -> Deadline | None:
    """The first deadline in a text; `strict` (free text) needs 前/底/末 after a bare year or month."""
    norm = unicodedata.normalize("NFKC", text)
    found = _OPEN.search(norm)
    if found:
        return Deadline(found.group(0), None, open=True)
    for pattern in (_DAY, _HALF, _MONTH, _YEAR):
        for match in pattern.finditer(norm):
            day = _meaning(pattern, match, strict)
            if day is not None:
                return Deadline(match.group(0).strip(), day)
    bare = _BARE_YEAR_END.search(norm)
    if bare:
        return Deadline(bare.group(0), dt.date(first_year, 12, 31), year_inferred=True)
    return None


def _meaning(pattern: re.Pattern, match: re.Match, strict: bool) -> dt.date | None:
    year = int(match.group(1))
    if not 1990 <= year <= 2100:
        return None
    try:
        if pattern is _DAY:
            return dt.date(year, int(match.group(2)), int(match.group(3)))
        if pattern is _HALF:
            if match.group(3):
                return _month_end(year, _QUARTER[match.group(3)])
            return dt.date(year, 6, 30) if match.group(2) == "上半年" else dt.date(year, 12, 31)
        edge = match.group("edge")
        if strict and not edge:
            return None
        if pattern is _MONTH:
            month = int(match.group(2))
            if edge in ("前", "之前"):  # "6月前": before June begins
                return _month_end(year, month - 1) if month > 1 else dt.date(year - 1, 12, 31)
            return _month_end(year, month)
        return dt.date(year, 12, 31)
    except ValueError:
        return None
