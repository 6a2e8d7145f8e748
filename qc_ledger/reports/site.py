"""The leaders' dashboard (`ledger site`) as plain data: figures, groups, units, measures, trends.

One pass over the tasks, each rebuilt and let go: the figures are counted as the measures pass,
and each measure's details are handed on as they are made (a province's are never held together).
How long a red measure has been red is read from its history (red_days.py). Pure; render/site_html.py
turns it into one HTML file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..domain.lazy import collector_paused
from ..domain.lazylog import latest_with
from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Task
from ..domain.timeliness import Standing, expected_progress
from ..vocabulary import LIGHT_WORDS, PACE_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS
from .red_days import RedDays
from .scores import ScoreTotals
from .site_counts import TABLE_LIMIT, Tally, Trend


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


def build_site(
    ledger: Ledger,
    today: dt.date,
    provenance: Provenance,
    each: Callable[[dict], object] | None = None,
) -> SiteData:
    """The dashboard's data as of `today`; `each` is given every measure's details in plan order
    (fields, light, days red and progress log), which are not kept."""
    counts = SiteCounts(ledger, today)
    counts.count(each)
    return counts.data(provenance)


class SiteCounts:
    """The page's figures counted over every task, or over a share of the tasks: the counts of a
    later share (`part`, from another process) merge in after these as if counted here."""

    def __init__(self, ledger: Ledger, today: dt.date) -> None:
        self.ledger, self.today = ledger, today
        self.scorer = ScoreTotals(ledger, today)
        self.trend = Trend()
        self.tally = Tally()
        self._red_days = RedDays(ledger, today)
        self._standing = Standing(today, ledger.rules, ledger.plan.period)

    def count(
        self, each: Callable[[dict], object] | None = None, task_ids: Iterable[str] | None = None
    ) -> None:
        """Count the measures of these tasks (all when None), in plan order; `each` as build_site."""
        ledger, today, red_days, standing = self.ledger, self.today, self._red_days, self._standing
        tally, scorer, trend = self.tally, self.scorer, self.trend
        # Rebuilt records hold no cycles: the collector would only walk the rows, again and again.
        with collector_paused():
            for group, task, measure in ledger.each_measure(task_ids):
                m = _measure_data(ledger, group, task, measure, today, red_days, standing)
                tally.add(m)
                if each is not None:
                    each(m)
                scorer.add(measure)
                trend.add(measure)

    def part(self) -> tuple:
        """What merge takes: the counts alone, without the ledger (sent from another process)."""
        return self.tally, self.scorer.units, self.trend

    def merge(self, part: tuple) -> None:
        """Add the counts of a later share of the tasks (its `part`)."""
        tally, units, trend = part
        self.tally.merge(tally)
        self.scorer.merge(units)
        self.trend.merge(trend)

    def data(self, provenance: Provenance) -> SiteData:
        """The page's data from the counts of every measure."""
        ledger, tally = self.ledger, self.tally
        return SiteData(
            ledger.plan.title,
            provenance,
            tally.headline(),
            tally.group_rows(ledger),
            tally.unit_rows(ledger, self.scorer.result()),
            tally.timeline(ledger.plan.period, self.today),
            self.trend.rows(self.today, ledger.plan.period.start),
            LABELS,
            tally.count,
            frozenset(tally.kinds),
            tally.red_rows(),
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
