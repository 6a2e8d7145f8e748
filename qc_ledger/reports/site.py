"""The leaders' dashboard (`ledger site`) as plain data: figures, groups, units, measures, trends.

One pass over the tasks, each rebuilt and let go: the figures are counted as the measures pass,
and each measure's details are handed on as they are made (a province's are never held together).
How long a red measure has been red is read from its history (red_days.py). Pure; render/site_html.py
turns it into one HTML file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from ..domain.figures import done_rate, mean, percent_of
from ..domain.lazy import collector_paused
from ..domain.lazylog import iso_dates, latest_with, month_counts, stored_months
from ..domain.ledger import Ledger
from ..domain.models import STATUSES, Group, Measure, Period, Task
from ..domain.timeliness import Standing, expected_progress, reached_on
from ..vocabulary import LIGHT_WORDS, LIGHTS, PACE_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS
from .red_days import RedDays
from .scores import ScoreTotals


@dataclass(frozen=True)
class Provenance:
    """When, from what and by what the page was built."""

    as_of: dt.date
    real_today: dt.date
    commit: str | None
    dirty: bool
    built: str
    generator: str
    groups: int
    tasks: int
    measures: int
    units: int

    @property
    def as_of_is_today(self) -> bool:
        """The page shows today, not a chosen day (LEDGER_TODAY)."""
        return self.as_of == self.real_today

    def line(self) -> str:
        """One line for every screen, printed page and chart."""
        source = f"提交 {self.commit[:7]}" if self.commit else "不在 git 仓库中"
        if self.commit and self.dirty:
            source += "（另有未提交的修改）"
        return (
            f"统计日期 {self.as_of.isoformat()} · 数据来自{source} · 生成于 {self.built} · "
            f"{self.groups} 个工作组、{self.tasks} 项任务、{self.measures} 项措施、{self.units} 个单位 · "
            f"{self.generator}"
        )


# Above this many measures the page leaves out its overview table: the details list them all, and
# a page of tens of thousands of rows twice over takes a browser too long to open.
TABLE_LIMIT = 2000

LABELS = {
    "status": STATUS_LABELS,
    "light": {**LIGHT_WORDS, "none": "无"},
    "pace": PACE_LABELS,
}


@dataclass
class SiteData:
    """Everything the page shows above the measures' details, which are handed on one by one."""

    title: str
    provenance: Provenance
    headline: dict
    groups: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    count: int = 0  # how many measures the page shows
    kinds: frozenset[str] = frozenset()  # the source kinds among their tasks
    attention: list[dict] = field(default_factory=list)  # the red ones, longest red first
    listed: list[dict] = field(default_factory=list)  # all of them, up to TABLE_LIMIT; else none


def _months(first: dt.date, last: dt.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build_site(
    ledger: Ledger,
    today: dt.date,
    provenance: Provenance,
    each: Callable[[dict], object] | None = None,
) -> SiteData:
    """The dashboard's data as of `today`; `each` is given every measure's details in plan order
    (fields, light, days red and progress log), which are not kept."""
    # One pass over the tasks, each rebuilt and let go: the tallies, the scores and the trend.
    scorer = ScoreTotals(ledger, today)
    trend = _Trend()
    tally = _Tally(ledger)
    red_days = RedDays(ledger, today)
    standing = Standing(today, ledger.rules, ledger.plan.period)
    # Rebuilt records hold no cycles: the collector would only walk the rows, again and again.
    with collector_paused():
        for group, task, measure in ledger.each_measure():
            m = _measure_data(ledger, group, task, measure, today, red_days, standing)
            tally.add(m)
            if each is not None:
                each(m)
            scorer.add(measure)
            trend.add(measure)
    attention = tally.attention
    attention.sort(key=lambda m: (-m["red_days"], m["id"]))
    return SiteData(
        ledger.plan.title,
        provenance,
        tally.headline(),
        tally.group_rows(ledger),
        tally.unit_rows(ledger, scorer.result()),
        tally.timeline(ledger.plan.period, today),
        trend.rows(today, ledger.plan.period.start),
        LABELS,
        tally.count,
        frozenset(tally.kinds),
        attention,
        tally.listed if tally.count <= TABLE_LIMIT else [],
    )


def _measure_data(
    ledger: Ledger,
    group: Group,
    task: Task,
    measure: Measure,
    today: dt.date,
    red_days: RedDays,
    standing: Standing,
) -> dict:
    """One measure as the page shows it: its fields, light, pace, days red and progress log; what
    was last stated (存在问题 · 下步计划) only for a red one, the one the page shows it for."""
    period = ledger.plan.period
    canonical = ledger.registry.canonical
    # Light, pace and whether overdue, each condition asked once.
    lit, found, late = standing.listed(measure)[:3]
    log = measure.progress_log
    since = stated = None
    if lit == "red":
        since = red_days.since(measure)
        stated = _stated(log)
    status, kind, cooperating = measure.status, task.kind, measure.cooperating_units
    return {
        "id": measure.id,
        "group": group.id,
        "group_name": group.short_name,
        "group_full_name": group.name,
        "task": task.id,
        "task_title": task.title,
        "kind": kind,
        "kind_label": SOURCE_KIND_LABELS[kind],
        "text": measure.text,
        "lead_unit": canonical(measure.lead_unit),
        "cooperating_units": [canonical(unit) for unit in cooperating] if cooperating else [],
        "responsible_leader": measure.responsible_leader,
        "responsible_person": measure.responsible_person,
        "deliverable": measure.deliverable,
        "deadline": measure.deadline.isoformat(),
        "status": status,
        "status_label": STATUS_LABELS[status],
        "progress": measure.progress,
        "expected": expected_progress(measure, period, today),
        "pace": found,
        "pace_label": PACE_LABELS[found] if found else "",
        "light": lit or "none",
        "overdue_days": (today - measure.deadline).days if late else 0,
        "red_since": since.isoformat() if since else None,
        "red_days": (today - since).days + 1 if since else 0,
        "log": log,
        "problems": stated.problems if stated else None,
        "next_steps": stated.next_steps if stated else None,
        "stated_on": stated.date.isoformat() if stated else None,
    }


def _stated(log):
    """The latest entry stating problems or next steps (the first of them on its day), or None."""
    return latest_with(log, ("problems", "next_steps"))


_BRIEF = (
    "id", "group", "group_name", "text", "lead_unit", "cooperating_units", "deadline", "status",
    "status_label", "progress", "expected", "light", "kind", "overdue_days", "pace_label",
    "red_days", "red_since",
)  # fmt: skip
_brief = itemgetter(*_BRIEF)


class _Group:
    """One work group's measures counted as they pass."""

    __slots__ = ("counted", "counts", "done", "expected", "lights", "measures", "progress")

    def __init__(self) -> None:
        self.measures = self.counted = self.done = self.progress = self.expected = 0
        self.counts = dict.fromkeys(STATUSES, 0)
        self.lights = dict.fromkeys(LIGHTS, 0)


class _Tally:
    """The page's figures, groups, units and deadlines, counted measure by measure."""

    def __init__(self, ledger: Ledger) -> None:
        self.count = self.done = self.cancelled = self.overdue = self.far_behind = self.red = 0
        self.progress = self.expected = 0  # sums over the measures not cancelled
        self.groups: dict[str, _Group] = {}
        self.units: dict[str, dict] = {}
        self.deadlines: dict[str, dict] = {}
        self.last_deadline: str | None = None
        self.kinds: set[str] = set()
        self.attention: list[dict] = []
        self.listed: list[dict] = []

    def add(self, m: dict) -> None:
        """Count one measure."""
        self.count += 1
        status, light_, late = m["status"], m["light"], m["overdue_days"] > 0
        brief = None
        if self.count <= TABLE_LIMIT:
            brief = dict(zip(_BRIEF, _brief(m), strict=True))
            self.listed.append(brief)
        if light_ == "red":
            self.attention.append(brief or dict(zip(_BRIEF, _brief(m), strict=True)))
        self.kinds.add(m["kind"])
        self.done += status == "done"
        self.overdue += late
        self.far_behind += m["pace"] == "far_behind"
        self.red += light_ == "red"
        group = self.groups.get(m["group"])
        if group is None:
            group = self.groups[m["group"]] = _Group()
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
            mine = self.groups.get(group.id) or _Group()
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
            for month in _months(period.start, max(last, period.end))
        ]


class _Trend:
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

    def rows(self, last: dt.date, first: dt.date) -> list[dict]:
        """Each month from `first` to `last` with its reports and the measures done by its end."""
        reports = self.reports
        for day, count in self.days.items():  # an ISO date's first seven characters are its month
            key = int(day[:4]) * 100 + int(day[5:7])
            reports[key] = reports.get(key, 0) + count
        self.days.clear()
        total, rows = 0, []
        for month in _months(first, last):
            key = int(month[:4]) * 100 + int(month[5:])
            total += self.done.get(key, 0)
            rows.append({"month": month, "reports": self.reports.get(key, 0), "done": total})
        return rows
