"""Reporting periods (报送周期) per cadence: when a measure's reports fall due. Pure date arithmetic.

Weekly periods end on the rules' weekday; monthly ones on day_of_month of every month, bimonthly ones
on it in even months (Feb, Apr … Dec), quarterly ones in the quarters' last months (Mar, Jun, Sep,
Dec). A period runs from the day after one due day to the next; `none` is never due. Reminders and
assessment both count periods here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from .office_models import Reporting

# Months between due days, for the cadences that fall due on a day of the month.
_MONTHS = {"monthly": 1, "bimonthly": 2, "quarterly": 3}
_WEEKDAYS = "一二三四五六日"


def cadence_of(measure, reporting: Reporting) -> str:
    """A measure's own cadence, else the rules' default (reads a record or its digest alike)."""
    return measure.cadence or reporting.cadence


def _shift(day: dt.date, months: int, dom: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, dom)


def next_due(day: dt.date, cadence: str, reporting: Reporting) -> dt.date | None:
    """The first due day on or after `day` (None: never due)."""
    if cadence == "weekly":
        return day + dt.timedelta(days=(reporting.weekday - day.isoweekday()) % 7)
    step = _MONTHS.get(cadence)
    if step is None:
        return None
    ahead = (-day.month) % step  # months to the first month of this cadence's due months
    due = _shift(day.replace(day=1), ahead, reporting.day_of_month)
    return due if due >= day else _shift(due, step, reporting.day_of_month)


def previous_due(due: dt.date, cadence: str, reporting: Reporting) -> dt.date:
    """The due day before `due`: where the period ending on `due` opens (exclusive)."""
    if cadence == "weekly":
        return due - dt.timedelta(days=7)
    return _shift(due, -_MONTHS[cadence], reporting.day_of_month)


def cycle(today: dt.date, cadence: str, reporting: Reporting) -> tuple[dt.date, dt.date] | None:
    """The last due day before the open period, and the open period's due day (None: never due)."""
    upcoming = next_due(today, cadence, reporting)
    if upcoming is None:
        return None
    return previous_due(upcoming, cadence, reporting), upcoming


def due_dates(start: dt.date, until: dt.date, cadence: str, reporting: Reporting) -> list[dt.date]:
    """Every due day from the first on or after `start` to the last on or before `until`."""
    days: list[dt.date] = []
    current = next_due(start, cadence, reporting)
    while current is not None and current <= until:
        days.append(current)
        current = next_due(current + dt.timedelta(days=1), cadence, reporting)
    return days


def periods(
    start: dt.date, until: dt.date, cadence: str, reporting: Reporting
) -> tuple[tuple[dt.date, dt.date], ...]:
    """Each period of `due_dates` as (opened, due): a report dated after `opened`, on or before `due`,
    answers it. Computed once per span and cadence: a province's measures share a few spans."""
    return _periods(start, until, cadence, reporting.weekday, reporting.day_of_month)


class _Days(NamedTuple):
    """What the period arithmetic reads of the rules' Reporting: hashable, so spans can be cached."""

    weekday: int
    day_of_month: int


@lru_cache(maxsize=4096)
def _periods(
    start: dt.date, until: dt.date, cadence: str, weekday: int, day_of_month: int
) -> tuple[tuple[dt.date, dt.date], ...]:
    reporting = _Days(weekday, day_of_month)
    return tuple(
        (previous_due(day, cadence, reporting), day)
        for day in due_dates(start, until, cadence, reporting)
    )


def period_ends(
    start: dt.date, until: dt.date, cadence: str, reporting: Reporting
) -> tuple[dt.date, ...] | None:
    """The due days of `periods(start, until, …)` when each period opens on the due day of the one
    before (so they tile the span), else None. Cached like the periods."""
    return _ends(start, until, cadence, reporting.weekday, reporting.day_of_month)


@lru_cache(maxsize=4096)
def _ends(
    start: dt.date, until: dt.date, cadence: str, weekday: int, day_of_month: int
) -> tuple[dt.date, ...] | None:
    spans = _periods(start, until, cadence, weekday, day_of_month)
    if any(spans[i][0] != spans[i - 1][1] for i in range(1, len(spans))):
        return None
    return tuple(day for _opened, day in spans)


def describe(cadence: str, reporting: Reporting) -> str:
    """When reports of this cadence are due, in words: 每月 28 日前报送, 每周五前报送."""
    dom = reporting.day_of_month
    if cadence == "weekly":
        return f"每周{_WEEKDAYS[reporting.weekday - 1]}前报送"
    if cadence == "monthly":
        return f"每月 {dom} 日前报送"
    if cadence == "bimonthly":
        return f"双月（2、4、6、8、10、12 月）{dom} 日前报送"
    if cadence == "quarterly":
        return f"每季度末月（3、6、9、12 月）{dom} 日前报送"
    return "不用定期报送"
