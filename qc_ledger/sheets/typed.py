"""Values as people type them into a sheet: percentages, full-width digits, dates the Chinese way.

Each reader returns the value as the import compares it, or None and why (with the corrected
value when one can be guessed). Standard library only; pure.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_PERCENT = re.compile(r"^(\d{1,3})(?:\.0+)?\s*%?$")
_FULL_DATE = re.compile(r"^(\d{2}|\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?$")
_NO_YEAR = re.compile(r"^(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXAMPLE = "写作 2024-06-30 或 2024年6月30日"


def normal(text: str) -> str:
    """Full-width digits, ％ and ． as their ASCII forms; surrounding space removed."""
    return unicodedata.normalize("NFKC", text).strip()


def percent_format(number_format: str) -> bool:
    """Whether a cell's number format shows its value times 100 (`0%`, not the literal `0"%"`)."""
    return "%" in number_format.replace('"%"', "").replace("\\%", "")


def progress_of(value: object, number_format: str) -> tuple[str | None, str | None]:
    """A progress cell as 0–100; a percentage-formatted cell holds 1.0 for 100 %."""
    shown = value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if percent_format(number_format):
            value = round(value * 100, 6)  # Excel and WPS store 100% as 1 and 70% as 0.7
            shown = f"{value:g}%"
        if float(value).is_integer() and 0 <= value <= 100:
            return str(int(value)), None
        return None, f"进度“{shown}”不是 0 到 100 的整数"
    text = normal(str(value or ""))
    match = _PERCENT.match(text)
    if match and int(match.group(1)) <= 100:
        return str(int(match.group(1))), None
    return None, f"进度“{text[:40]}”不是 0 到 100 的整数"


def _date(year: int, month: int, day: int, text: str) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"“{text}”不是有效的日期（{year} 年 {month} 月没有 {day} 日），{_EXAMPLE}"


def date_of(text: str, near: dt.date) -> tuple[str | None, str | None]:
    """A date typed as text: 2024年3月5日, 2024.3.5, 2024/3/5, 2024-3-5, 20240305; else why not.

    A date without its year, or with two digits for it, is refused with the year of `near` (the
    date the export holds) suggested rather than guessed silently.
    """
    raw = normal(text)
    found = _FULL_DATE.match(raw)
    if found:
        year, month, day = (int(part) for part in found.groups())
        if year < 100:
            guess = _date(2000 + year, month, day, raw)[0]
            return None, f"“{raw}”的年份只有两位" + (f"，是不是 {guess}？" if guess else "")
        return _date(year, month, day, raw)
    found = _COMPACT.match(raw)
    if found:
        return _date(*(int(part) for part in found.groups()), raw)
    found = _NO_YEAR.match(raw)
    if found:
        month, day = (int(part) for part in found.groups())
        guess = _date(near.year, month, day, raw)[0]
        return None, f"“{raw}”没有写年份" + (f"，是不是 {guess}？" if guess else "")
    return None, f"“{raw[:40]}”不是日期，{_EXAMPLE}"
