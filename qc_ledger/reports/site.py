"""The leaders' dashboard (`ledger site`) as plain data: figures, groups, units, measures, trends.

How long a red measure has been red is read from its own recorded history (progress log and
deadline changes): the measure is rebuilt as it stood on earlier days and judged by the same rules.
Pure; render/site_html.py turns it into one HTML file.
"""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..domain.figures import done_rate, mean, percent_of
from ..domain.lazy import collector_paused
from ..domain.ledger import Ledger
from ..domain.models import STATUSES, Group, Measure, Period, Task
from ..domain.timeliness import expected_progress, light, pace, reached_on
from ..vocabulary import LIGHT_WORDS, LIGHTS, PACE_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS
from .assess import Assessment, Scorer
from .listing import measure_row


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


@dataclass
class SiteData:
    """Everything the page shows."""

    title: str
    provenance: Provenance
    headline: dict
    groups: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)
    labels: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Then:
    """What the light rules read of a measure, as it stood on an earlier day (cheaper than a copy)."""

    status: str
    progress: int
    last_reported: dt.date | None
    deadline: dt.date
    start: dt.date | None
    # The milestones as set now: the line expected progress follows, and the first deliverable due.
    pace_points: tuple = ()
    deliverable_due: dt.date | None = None


def _state_on(measure: Measure, day: dt.date) -> Measure:
    """The measure as its history says it stood on `day`."""
    log = [entry for entry in measure.progress_log if entry.date <= day]
    status, progress = "not_started", 0
    for entry in log:
        status = entry.status or status
        progress = entry.progress if entry.progress is not None else progress
    deadline = measure.deadline
    changes = measure.deadline_history
    if changes:
        earlier = [change for change in changes if change.date <= day]
        deadline = earlier[-1].new if earlier else changes[0].previous
    last = max((entry.date for entry in log), default=None)
    return _Then(  # type: ignore[return-value]
        status,
        progress,
        last,
        deadline,
        measure.start,
        measure.pace_points,
        measure.deliverable_due,
    )


def _history(measure: Measure) -> Callable[[dt.date], Measure]:
    """`_state_on` for one measure, its log and deadline changes read once: when both are in date
    order (as recorded), the entries on or before a day are a prefix, found by bisection."""
    log, changes = measure.progress_log, measure.deadline_history
    dates = [entry.date for entry in log]
    changed = [change.date for change in changes]
    if any(map(operator.gt, dates, dates[1:])) or any(map(operator.gt, changed, changed[1:])):
        return lambda day: _state_on(measure, day)
    statuses, progresses = ["not_started"], [0]
    for entry in log:
        statuses.append(entry.status or statuses[-1])
        progresses.append(entry.progress if entry.progress is not None else progresses[-1])
    deadlines = [changes[0].previous if changes else measure.deadline]
    deadlines += [change.new for change in changes]
    then = (measure.start, measure.pace_points, measure.deliverable_due)

    def state_on(day: dt.date) -> Measure:
        seen = bisect_right(dates, day)
        deadline = deadlines[bisect_right(changed, day)] if changes else measure.deadline
        last = dates[seen - 1] if seen else None
        return _Then(statuses[seen], progresses[seen], last, deadline, *then)  # type: ignore[return-value]

    return state_on


def red_since(measure: Measure, ledger: Ledger, today: dt.date) -> dt.date | None:
    """The first day of the run of red days that ends today (None when it is not red today)."""
    rules, period = ledger.rules, ledger.plan.period
    state_on = _history(measure)

    def red(day: dt.date) -> bool:
        return light(state_on(day), day, rules, period) == "red"

    if not red(today):
        return None
    start = measure.start or period.start
    events = sorted(
        {e.date for e in measure.progress_log} | {c.date for c in measure.deadline_history}
    )
    # Between two recorded events the measure's state is fixed and lateness only grows, so red
    # days form one run at the end of each stretch: find where the current run begins.
    high = today  # red; every day from here to today is red
    for low in [*(d for d in reversed(events) if d <= today), start]:
        low = max(low, start)  # where this stretch begins
        if not red(low):
            while (high - low).days > 1:  # low is not red, high is: bisect
                middle = low + (high - low) // 2
                low, high = (low, middle) if red(middle) else (middle, high)
            return high
        if low <= start or not red(low - dt.timedelta(days=1)):
            return low
        high = low - dt.timedelta(days=1)
    return start


def _months(first: dt.date, last: dt.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build_site(ledger: Ledger, today: dt.date, provenance: Provenance) -> SiteData:
    """The dashboard's data as of `today`."""
    # One pass over the tasks, each rebuilt and let go: the page's rows, the scores and the trend.
    scorer = Scorer(ledger, today)
    trend = _Trend()
    measures = []
    # Rebuilt records hold no cycles: the collector would only walk the rows, again and again.
    with collector_paused():
        for group, task, measure in ledger.each_measure():
            measures.append(_measure_data(ledger, group, task, measure, today))
            scorer.add(group, measure)
            trend.add(measure)
    labels = {
        "status": STATUS_LABELS,
        "light": {**LIGHT_WORDS, "none": "无"},
        "pace": PACE_LABELS,
    }
    return SiteData(
        ledger.plan.title,
        provenance,
        _headline(measures),
        _group_rows(ledger, measures),
        measures,
        _unit_rows(ledger, measures, scorer.result()),
        _timeline(measures, ledger.plan.period, today),
        trend.rows(today, ledger.plan.period.start),
        labels,
    )


def _measure_data(
    ledger: Ledger, group: Group, task: Task, measure: Measure, today: dt.date
) -> dict:
    """One measure as the page shows it: its fields, light, pace, days red and progress log."""
    period = ledger.plan.period
    row = measure_row(ledger, group, task, measure, today)
    found = pace(measure, period, today, ledger.rules)
    since = red_since(measure, ledger, today) if row.light == "red" else None
    return {
        "id": measure.id,
        "group": group.id,
        "group_name": group.short_name,
        "group_full_name": group.name,
        "task": task.id,
        "task_title": task.title,
        "kind": task.kind,
        "kind_label": SOURCE_KIND_LABELS[task.kind],
        "text": measure.text,
        "lead_unit": row.lead_unit,
        "cooperating_units": list(row.cooperating_units),
        "responsible_leader": measure.responsible_leader,
        "responsible_person": measure.responsible_person,
        "deliverable": measure.deliverable,
        "deadline": measure.deadline.isoformat(),
        "status": measure.status,
        "status_label": STATUS_LABELS[measure.status],
        "progress": measure.progress,
        "expected": expected_progress(measure, period, today),
        "pace": found,
        "pace_label": PACE_LABELS[found] if found else "",
        "light": row.light or "none",
        "overdue_days": row.days_overdue,
        "last_report": row.last_report.isoformat() if row.last_report else None,
        "last_note": row.last_note,
        "red_since": since.isoformat() if since else None,
        "red_days": (today - since).days + 1 if since else 0,
        "log": [
            LogLine(e.date.isoformat(), e.note, e.highlight, e.problems, e.next_steps)
            for e in measure.progress_log
        ],
        **_stated(measure),
    }


class LogLine(NamedTuple):
    """One progress entry as the page lists it (a tuple: a province's page lists a million)."""

    date: str
    note: str
    highlight: bool
    problems: str | None
    next_steps: str | None


def _stated(measure) -> dict:
    """The problems and next steps the unit last stated (存在问题 · 下步计划), and when."""
    stated = [e for e in measure.progress_log if e.problems or e.next_steps]
    last = max(stated, key=lambda entry: entry.date, default=None)
    return {
        "problems": last.problems if last else None,
        "next_steps": last.next_steps if last else None,
        "stated_on": last.date.isoformat() if last else None,
    }


def _average(measures: list[dict], key: str) -> int:
    """The rounded mean of one figure over the measures not cancelled (0 when there are none)."""
    counted = [m for m in measures if m["status"] != "cancelled"]
    return mean(sum(m[key] for m in counted), len(counted))


def _group_rows(ledger: Ledger, measures: list[dict]) -> list[dict]:
    """Each work group: its measures by status and light, share done, progress and expected."""
    by_group: dict[str, list[dict]] = {}
    for m in measures:
        by_group.setdefault(m["group"], []).append(m)
    groups = []
    for group in ledger.groups.values():
        mine = by_group.get(group.id, [])
        counted = [m for m in mine if m["status"] != "cancelled"]
        done = sum(m["status"] == "done" for m in counted)
        groups.append(
            {
                "id": group.id,
                "name": group.name,
                "short_name": group.short_name,
                "leader": group.leader.name if group.leader else "",
                "lead_unit": ledger.registry.canonical(group.lead_unit),
                "measures": len(mine),
                "counts": {s: sum(m["status"] == s for m in mine) for s in STATUSES},
                "lights": {c: sum(m["light"] == c for m in mine) for c in LIGHTS},
                "done_share": percent_of(done, len(counted)),
                "progress": _average(mine, "progress"),
                "expected": _average(mine, "expected"),
            }
        )
    return groups


def _unit_rows(ledger: Ledger, measures: list[dict], assessment: Assessment) -> list[dict]:
    """Each unit: measures it leads and cooperates on, how many are overdue, and its score."""
    scores = {s.name: s.score for s in assessment.units}
    units: dict[str, dict] = {}
    for m in measures:
        entry = units.setdefault(m["lead_unit"], {"lead": 0, "cooperating": 0, "overdue": 0})
        entry["lead"] += 1
        entry["overdue"] += m["overdue_days"] > 0
        for name in m["cooperating_units"]:
            units.setdefault(name, {"lead": 0, "cooperating": 0, "overdue": 0})["cooperating"] += 1
    return [
        {"name": name, "short": ledger.registry.short(name), **counts, "score": scores.get(name)}
        for name, counts in sorted(units.items(), key=lambda item: (-item[1]["lead"], item[0]))
    ]


def _timeline(measures: list[dict], period: Period, today: dt.date) -> list[dict]:
    """Per month of the period (and beyond, to the last deadline): deadlines open and closed."""
    deadlines: dict[str, dict] = {}
    for m in measures:
        slot = deadlines.setdefault(m["deadline"][:7], {"open": 0, "done": 0})
        slot["done" if m["status"] in ("done", "cancelled") else "open"] += 1
    last_deadline = max((dt.date.fromisoformat(m["deadline"]) for m in measures), default=today)
    return [
        {"month": month, **deadlines.get(month, {"open": 0, "done": 0})}
        for month in _months(period.start, max(last_deadline, period.end))
    ]


def _headline(measures: list[dict]) -> dict:
    """The figures at the top of the page."""
    done = sum(m["status"] == "done" for m in measures)
    cancelled = sum(m["status"] == "cancelled" for m in measures)
    return {
        "measures": len(measures),
        "done": done,
        "done_share": done_rate(done, len(measures), cancelled),
        "overdue": sum(m["overdue_days"] > 0 for m in measures),
        "far_behind": sum(m["pace"] == "far_behind" for m in measures),
        "red": sum(m["light"] == "red" for m in measures),
        "progress": _average(measures, "progress"),
        "expected": _average(measures, "expected"),
    }


class _Trend:
    """Per month: progress reports received, and measures done so far (from the progress logs)."""

    def __init__(self) -> None:
        self.reports: dict[int, int] = {}  # by year * 100 + month
        self.done: dict[int, int] = {}

    def add(self, measure: Measure) -> None:
        """Count one measure's reports and the month it was done."""
        reports = self.reports
        for entry in measure.progress_log:
            key = entry.date.year * 100 + entry.date.month
            reports[key] = reports.get(key, 0) + 1
        finished = reached_on(measure, "done")
        if finished is not None:
            key = finished.year * 100 + finished.month
            self.done[key] = self.done.get(key, 0) + 1

    def rows(self, last: dt.date, first: dt.date) -> list[dict]:
        """Each month from `first` to `last` with its reports and the measures done by its end."""
        total, rows = 0, []
        for month in _months(first, last):
            key = int(month[:4]) * 100 + int(month[5:])
            total += self.done.get(key, 0)
            rows.append({"month": month, "reports": self.reports.get(key, 0), "done": total})
        return rows
