"""The dashboard's figures counted measure by measure; the counts of two shares of a province's tasks
merge into the counts of the whole, as if counted in one pass.

Pure: reports/site.py counts with these, usecases/site.py merges what a forked process counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from operator import itemgetter

from ..domain.figures import done_rate, mean, percent_of
from ..domain.lazylog import iso_dates, month_counts, stored_months
from ..domain.ledger import Ledger
from ..domain.models import STATUSES, Measure, Period
from ..domain.timeliness import reached_on
from ..vocabulary import LIGHTS

# Above this many measures the page leaves out its overview table: the details list them all, and
# a page of tens of thousands of rows twice over takes a browser too long to open.
TABLE_LIMIT = 2000


def months_between(first: dt.date, last: dt.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


_BRIEF = (
    "id", "group", "group_name", "text", "lead_unit", "cooperating_units", "deadline", "status",
    "status_label", "progress", "expected", "light", "kind", "overdue_days", "pace_label",
    "red_days", "red_since",
)  # fmt: skip
_brief = itemgetter(*_BRIEF)


class GroupCounts:
    """One work group's measures counted as they pass."""

    __slots__ = ("counted", "counts", "done", "expected", "lights", "measures", "progress")

    def __init__(self) -> None:
        self.measures = self.counted = self.done = self.progress = self.expected = 0
        self.counts = dict.fromkeys(STATUSES, 0)
        self.lights = dict.fromkeys(LIGHTS, 0)

    def __reduce__(self) -> tuple:
        """Pickled as its numbers alone: a province's groups are sent between processes."""
        numbers = (self.measures, self.counted, self.done, self.progress, self.expected)
        return _group_counts, (numbers, tuple(self.counts.values()), tuple(self.lights.values()))


def _group_counts(numbers: tuple, counts: tuple, lights: tuple) -> GroupCounts:
    """A GroupCounts from what its __reduce__ gave."""
    made = GroupCounts()
    made.measures, made.counted, made.done, made.progress, made.expected = numbers
    made.counts = dict(zip(STATUSES, counts, strict=True))
    made.lights = dict(zip(LIGHTS, lights, strict=True))
    return made


class Tally:
    """The page's figures, groups, units and deadlines, counted measure by measure."""

    def __init__(self) -> None:
        self.count = self.done = self.cancelled = self.overdue = self.far_behind = self.red = 0
        self.progress = self.expected = 0  # sums over the measures not cancelled
        self.groups: dict[str, GroupCounts] = {}
        self.units: dict[str, dict] = {}
        self.deadlines: dict[str, dict] = {}
        self.last_deadline: str | None = None
        self.kinds: set[str] = set()
        self.attention: list[tuple] = []  # the red measures' briefs as values (see red_rows)
        self.listed: list[dict] = []

    def add(self, m: dict) -> None:
        """Count one measure."""
        self.count += 1
        status, light_, late = m["status"], m["light"], m["overdue_days"] > 0
        if self.count <= TABLE_LIMIT:
            self.listed.append(dict(zip(_BRIEF, _brief(m), strict=True)))
        if light_ == "red":
            self.attention.append(_brief(m))  # a tuple: a province's are sent between processes
        self.kinds.add(m["kind"])
        self.done += status == "done"
        self.overdue += late
        self.far_behind += m["pace"] == "far_behind"
        self.red += light_ == "red"
        group = self.groups.get(m["group"])
        if group is None:
            group = self.groups[m["group"]] = GroupCounts()
        group.measures += 1
        group.counts[status] += 1
        if light_ in group.lights:
            group.lights[light_] += 1
        if status == "cancelled":
            self.cancelled += 1
        else:
            self.progress += m["progress"]
            self.expected += m["expected"]
            group.counted += 1
            group.done += status == "done"
            group.progress += m["progress"]
            group.expected += m["expected"]
        units = self.units
        entry = units.get(m["lead_unit"])
        if entry is None:
            entry = units[m["lead_unit"]] = {"lead": 0, "cooperating": 0, "overdue": 0}
        entry["lead"] += 1
        entry["overdue"] += late
        for name in m["cooperating_units"]:
            entry = units.get(name)
            if entry is None:
                entry = units[name] = {"lead": 0, "cooperating": 0, "overdue": 0}
            entry["cooperating"] += 1
        deadline = m["deadline"]
        slot = self.deadlines.get(deadline[:7])
        if slot is None:
            slot = self.deadlines[deadline[:7]] = {"open": 0, "done": 0}
        slot["done" if status in ("done", "cancelled") else "open"] += 1
        if self.last_deadline is None or deadline > self.last_deadline:
            self.last_deadline = deadline

    def merge(self, later: Tally) -> None:
        """Add the counts of the measures that come after these (another share's, in plan order)."""
        self.listed += later.listed[: max(0, TABLE_LIMIT - self.count)]
        self.attention += later.attention
        for name in ("count", "done", "cancelled", "overdue", "far_behind", "red", "progress",
                     "expected"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(later, name))
        self.kinds |= later.kinds
        for group_id, counted in later.groups.items():
            mine = self.groups.get(group_id)
            if mine is None:
                self.groups[group_id] = counted
                continue
            for name in ("measures", "counted", "done", "progress", "expected"):
                setattr(mine, name, getattr(mine, name) + getattr(counted, name))
            _add(mine.counts, counted.counts)
            _add(mine.lights, counted.lights)
        for into, added in ((self.units, later.units), (self.deadlines, later.deadlines)):
            for key, counts in added.items():
                mine = into.get(key)
                if mine is None:
                    into[key] = counts
                else:
                    _add(mine, counts)
        if later.last_deadline is not None and (
            self.last_deadline is None or later.last_deadline > self.last_deadline
        ):
            self.last_deadline = later.last_deadline

    def red_rows(self) -> list[dict]:
        """The red measures, longest red first (then by id), each as a brief."""
        red_days, measure_id = _BRIEF.index("red_days"), _BRIEF.index("id")
        ordered = sorted(self.attention, key=lambda values: (-values[red_days], values[measure_id]))
        return [dict(zip(_BRIEF, values, strict=True)) for values in ordered]

    def headline(self) -> dict:
        """The figures at the top of the page."""
        counted = self.count - self.cancelled
        return {
            "measures": self.count,
            "done": self.done,
            "done_share": done_rate(self.done, self.count, self.cancelled),
            "overdue": self.overdue,
            "far_behind": self.far_behind,
            "red": self.red,
            "progress": mean(self.progress, counted),
            "expected": mean(self.expected, counted),
        }

    def group_rows(self, ledger: Ledger) -> list[dict]:
        """Each work group: its measures by status and light, share done, progress and expected."""
        rows = []
        for group in ledger.groups.values():
            mine = self.groups.get(group.id) or GroupCounts()
            rows.append(
                {
                    "id": group.id,
                    "name": group.name,
                    "short_name": group.short_name,
                    "leader": group.leader.name if group.leader else "",
                    "lead_unit": ledger.registry.canonical(group.lead_unit),
                    "measures": mine.measures,
                    "counts": mine.counts,
                    "lights": mine.lights,
                    "done_share": percent_of(mine.done, mine.counted),
                    "progress": mean(mine.progress, mine.counted),
                    "expected": mean(mine.expected, mine.counted),
                }
            )
        return rows

    def unit_rows(self, ledger: Ledger, scores: dict[str, float]) -> list[dict]:
        """Each unit: measures it leads and cooperates on, how many are overdue, and its score."""
        return [
            {
                "name": name,
                "short": ledger.registry.short(name),
                **counts,
                "score": scores.get(name),
            }
            for name, counts in sorted(
                self.units.items(), key=lambda item: (-item[1]["lead"], item[0])
            )
        ]

    def timeline(self, period: Period, today: dt.date) -> list[dict]:
        """Per month of the period (and beyond, to the last deadline): deadlines open and closed."""
        last = dt.date.fromisoformat(self.last_deadline) if self.last_deadline else today
        return [
            {"month": month, **self.deadlines.get(month, {"open": 0, "done": 0})}
            for month in months_between(period.start, max(last, period.end))
        ]


class Trend:
    """Per month: progress reports received, and measures done so far (from the progress logs)."""

    def __init__(self) -> None:
        self.reports: dict[int, int] = {}  # by year * 100 + month
        self.days: Counter[str] = Counter()  # reports by ISO day, from logs not built yet
        self.done: dict[int, int] = {}

    def add(self, measure: Measure) -> None:
        """Count one measure's reports and the month it was done."""
        log = measure.progress_log
        reports = self.reports
        months = stored_months(log)
        if months is not None:  # a stored log's brief counts them
            for at in range(0, len(months), 2):
                key = months[at]
                reports[key] = reports.get(key, 0) + months[at + 1]
        elif (days := iso_dates(log)) is not None:  # by day in one call, by month at the end
            self.days.update(days)
        else:
            for key, count in month_counts(log).items():
                reports[key] = reports.get(key, 0) + count
        finished = reached_on(measure, "done")
        if finished is not None:
            key = finished.year * 100 + finished.month
            self.done[key] = self.done.get(key, 0) + 1

    def merge(self, later: Trend) -> None:
        """Add the counts of the measures that come after these (another share's)."""
        _add(self.reports, later.reports)
        self.days.update(later.days)
        _add(self.done, later.done)

    def rows(self, last: dt.date, first: dt.date) -> list[dict]:
        """Each month from `first` to `last` with its reports and the measures done by its end."""
        reports = self.reports
        for day, count in self.days.items():  # an ISO date's first seven characters are its month
            key = int(day[:4]) * 100 + int(day[5:7])
            reports[key] = reports.get(key, 0) + count
        self.days.clear()
        total, rows = 0, []
        for month in months_between(first, last):
            key = int(month[:4]) * 100 + int(month[5:])
            total += self.done.get(key, 0)
            rows.append({"month": month, "reports": self.reports.get(key, 0), "done": total})
        return rows


def _add(into: dict, counts: dict) -> None:
    """Add counts by key (a key new to `into` goes at its end, as counting it later would put it)."""
    for key, count in counts.items():
        into[key] = into.get(key, 0) + count
