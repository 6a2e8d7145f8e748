"""Assessment (考核评价): every unit and group scored 0–100 by the rules in data/rules.yaml.

Every point is traced to a measure (or the responsibility list) and a rule, and the points of a unit
sum to its score: when the score is held to 0 or 100, that adjustment is a point of its own. A
measure's points are rates over the unit's measures (rules' rate_basis), so that the same share of
measures late costs a large unit what it costs a small one. Pure.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..domain import cadence as periods
from ..domain.lazy import collector_paused
from ..domain.lazylog import stored_sorted_days
from ..domain.ledger import Ledger
from ..domain.models import Group, Measure
from ..domain.timeliness import reached_on, report_dates
from ..vocabulary import CADENCE_LABELS
from .refine import list_states

RULE_LABELS = {
    "base": "基础分",
    "done_on_time": "按期完成",
    "done_late": "逾期后完成",
    "overdue": "逾期未完成",
    "missed_report": "缺报",
    "list_on_time": "按时报送责任清单",
    "list_late": "未按时报送责任清单",
    "bounds": "分数限定在 0–100",
}


@dataclass(frozen=True)
class Point:
    """Points one rule gives one unit for one measure (or for its list)."""

    rule: str
    points: float
    measure_id: str | None
    role: str  # lead, cooperating or unit
    reason: str

    @property
    def rule_label(self) -> str:
        """The rule in Chinese."""
        return RULE_LABELS[self.rule]


@dataclass
class Score:
    """A unit's (or a group's) score with every point behind it."""

    name: str
    points: list[Point] = field(default_factory=list)
    lead: int = 0
    cooperating: int = 0

    @property
    def score(self) -> float:
        """The sum of its points (the base included)."""
        return round(sum(point.points for point in self.points), 2)

    def as_data(self) -> dict:
        """JSON-ready data: the score, then every point behind it."""
        return {
            "name": self.name,
            "score": self.score,
            "lead": self.lead,
            "cooperating": self.cooperating,
            "points": [
                {
                    "rule": p.rule,
                    "rule_label": p.rule_label,
                    "points": p.points,
                    "measure_id": p.measure_id,
                    "role": p.role,
                    "reason": p.reason,
                }
                for p in self.points
            ],
        }


@dataclass(frozen=True)
class Assessment:
    """What `ledger assess` shows."""

    year: int
    as_of: dt.date
    party_building_weight: float
    units: list[Score]
    groups: list[Score]

    def as_data(self) -> dict:
        """JSON-ready data: every unit's and group's score with its points."""
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "party_building_weight": self.party_building_weight,
            "units": [score.as_data() for score in self.units],
            "groups": [score.as_data() for score in self.groups],
        }

    def unit(self, name: str) -> Score | None:
        """One unit's score, by canonical name."""
        return next((score for score in self.units if score.name == name), None)


def _judged(
    measure: Measure, ledger: Ledger, year: int, as_of: dt.date
) -> tuple[dt.date | None, bool, list[dt.date], str]:
    """What the rules score of one measure in the year: the day it was done (when in the year),
    whether it is overdue unfinished, the report days it missed and its cadence."""
    first = dt.date(year, 1, 1)
    done = reached_on(measure, "done")
    closed = done or reached_on(measure, "cancelled")
    overdue = (
        closed is None and measure.status not in ("done", "cancelled") and as_of > measure.deadline
    )
    start = max(measure.start or ledger.plan.period.start, first)
    reporting = ledger.rules.reporting
    cadence = periods.cadence_of(measure, reporting)  # none: no period, so none missed
    spans = periods.periods(start, as_of, cadence, reporting)
    missed = []
    days = stored_sorted_days(measure.progress_log)
    if days is not None:  # a long stored log: its ISO days against the periods' ISO days
        for (_opened, day), (iso_opened, iso_day) in zip(spans, _iso(spans), strict=True):
            if closed is not None and closed <= day:
                break
            if bisect_right(days, iso_day) == bisect_right(days, iso_opened):
                missed.append(day)  # no report in (opened, day]
        return _judgement(done, first, as_of, overdue, missed, cadence)
    reports = report_dates(measure)
    for opened, day in spans:
        if closed is not None and closed <= day:
            break
        if bisect_right(reports, day) == bisect_right(reports, opened):
            missed.append(day)  # no report in (opened, day]
    return _judgement(done, first, as_of, overdue, missed, cadence)


def _judgement(done, first: dt.date, as_of: dt.date, overdue: bool, missed: list, cadence: str):
    return (done if done is not None and first <= done <= as_of else None), overdue, missed, cadence


@lru_cache(maxsize=4096)
def _iso(spans: tuple) -> tuple:
    """A span's periods with their days as ISO text (spans are cached and shared: periods.periods)."""
    return tuple((opened.isoformat(), day.isoformat()) for opened, day in spans)


def measure_values(measure: Measure, ledger: Ledger, year: int, as_of: dt.date) -> list[tuple]:
    """The (rule, points) one measure earns its lead unit in the year, as _measure_points gives
    them without their reasons."""
    rules = ledger.rules.assessment
    done, overdue, missed, _cadence = _judged(measure, ledger, year, as_of)
    out = []
    if done is not None:
        rule = "done_on_time" if done <= measure.deadline else "done_late"
        out.append((rule, getattr(rules, rule)))
    if overdue:
        out.append(("overdue", rules.overdue))
    if missed:
        out.append(("missed_report", round(rules.missed_report * len(missed), 2)))
    return [value for value in out if value[1]]  # a rule set to 0 does not count


def _measure_points(measure: Measure, ledger: Ledger, year: int, as_of: dt.date) -> list[Point]:
    """The points one measure earns its lead unit in the year (before weighting)."""
    rules = ledger.rules.assessment
    done, overdue, missed, cadence = _judged(measure, ledger, year, as_of)
    out = []
    if done is not None:
        on_time = done <= measure.deadline
        rule = "done_on_time" if on_time else "done_late"
        when = "按期" if on_time else f"时限 {measure.deadline} 之后"
        out.append(Point(rule, getattr(rules, rule), measure.id, "lead", f"{done} {when}完成"))
    if overdue:
        reason = f"完成时限 {measure.deadline}，至 {as_of} 未完成"
        out.append(Point("overdue", rules.overdue, measure.id, "lead", reason))
    if missed:
        each = rules.missed_report
        days = [day.isoformat() for day in missed]
        span = "、".join(days) if len(days) <= 3 else f"{days[0]} 至 {days[-1]} 之间"
        reporting = ledger.rules.reporting
        label = CADENCE_LABELS[cadence] if cadence != reporting.cadence else ""
        reason = f"{len(missed)} 期{label}没有进展报送（报送日 {span}），每期 {each:g} 分"
        out.append(Point("missed_report", round(each * len(missed), 2), measure.id, "lead", reason))
    return [point for point in out if point.points]  # a rule set to 0 does not count


_ROLE_WORDS = {"lead": "牵头", "cooperating": "配合"}


def rated_values(points: list[tuple], basis: int, measures: dict[str, int]) -> list[float | None]:
    """Each point's value as a rate (None: kept as it is), for points given as (role, rule, whether
    tied to a measure, points): each × basis ÷ the unit's measures in that role.

    Each rule's points are rounded so that together they make its rounded total (the last takes
    the remainder): the points still sum to the score.
    """
    totals: dict[tuple[str, str], float] = {}
    last: dict[tuple[str, str], int] = {}
    for at, (role, rule, tied, value) in enumerate(points):
        if tied and measures.get(role):
            key = (role, rule)
            totals[key] = totals.get(key, 0.0) + value
            last[key] = at
    given: dict[tuple[str, str], float] = {}
    rated: list[float | None] = []
    for at, (role, rule, _tied, value) in enumerate(points):
        key = (role, rule)
        count = measures.get(role, 0)
        if key not in totals or count == basis:
            rated.append(None)
            continue
        if at == last[key]:
            value = round(round(totals[key] * basis / count, 2) - given.get(key, 0.0), 2)
        else:
            value = round(value * basis / count, 2)
        given[key] = given.get(key, 0.0) + value
        rated.append(value)
    return rated


def _rated(score: Score, basis: int | None, measures: dict[str, int]) -> Score:
    """A unit's measure points as rates (rated_values), so that the same share of measures done or
    late earns the same points whether it leads 8 or 31."""
    if basis is None:
        return score
    values = rated_values(
        [(p.role, p.rule, p.measure_id is not None, p.points) for p in score.points],
        basis,
        measures,
    )
    rated = []
    for point, value in zip(score.points, values, strict=True):
        if value is None:
            rated.append(point)
            continue
        count = measures[point.role]
        word = _ROLE_WORDS.get(point.role, "")
        reason = f"{point.reason}；按{word} {count} 项措施折算（×{basis}/{count}）"
        rated.append(Point(point.rule, value, point.measure_id, point.role, reason))
    score.points = rated
    return score


def _bounded(score: Score) -> Score:
    total = score.score
    held = min(100.0, max(0.0, total))
    if held != total:
        reason = f"合计 {total:g} 分，按 {held:g} 分计"
        score.points.append(Point("bounds", round(held - total, 2), None, "unit", reason))
    return score


def list_points(ledger: Ledger, as_of: dt.date, year: int) -> list[tuple[str, str, float, str]]:
    """The responsibility lists' points in the year: (unit, rule, points, reason) for each."""
    rules = ledger.rules.assessment
    due, states = list_states(ledger, as_of)
    out = []
    if due is not None and due.year == year:
        for row, state in states:
            if state == "按时报送":
                reason = f"{row.submitted} 报送，期限 {due}"
                out.append((row.unit, "list_on_time", rules.list_on_time, reason))
            elif state in ("逾期报送", "未报送"):
                out.append((row.unit, "list_late", rules.list_late, f"{state}（期限 {due}）"))
    return out


class Scorer:
    """The assessment built measure by measure, so that a pass over the tasks can feed it as it goes."""

    def __init__(self, ledger: Ledger, today: dt.date, year: int | None = None):
        self.ledger = ledger
        self.year = year or today.year
        self.as_of = min(today, dt.date(self.year, 12, 31))
        self.scores: dict[str, Score] = {}
        self.groups: dict[str, Score] = {}
        self.in_group: dict[str, int] = {}

    def _unit(self, name: str) -> Score:
        score = self.scores.get(name)
        if score is None:
            base = Point(
                "base", self.ledger.rules.assessment.base, None, "unit", RULE_LABELS["base"]
            )
            score = self.scores[name] = Score(name, [base])
        return score

    def add(self, group: Group, measure: Measure) -> None:
        """Score one measure for its lead unit, its cooperating units and its group."""
        ledger = self.ledger
        canonical = ledger.registry.canonical
        rules = ledger.rules.assessment
        points = _measure_points(measure, ledger, self.year, self.as_of)
        lead = self._unit(canonical(measure.lead_unit))
        lead.lead += 1
        lead.points.extend(points)
        section = self.groups.get(group.id)
        if section is None:
            base = Point("base", rules.base, None, "unit", RULE_LABELS["base"])
            section = self.groups[group.id] = Score(group.short_name, [base])
        self.in_group[group.id] = self.in_group.get(group.id, 0) + 1  # its points are rates
        section.points.extend(points)
        weight = rules.cooperating_weight
        for name in measure.cooperating_units:
            helper = self._unit(canonical(name))
            helper.cooperating += 1
            helper.points.extend(
                Point(p.rule, round(p.points * weight, 2), p.measure_id, "cooperating", p.reason)
                for p in points
                if p.rule != "missed_report" or ledger.rules.reporting.units != "lead"
            )

    def scan(self, task_ids: list[str] | None = None) -> None:
        """Score the measures of these tasks (in plan order; all when None), each rebuilt and let go."""
        # Rebuilt records hold no cycles: the collector would only walk the points, again and again.
        with collector_paused():
            for group, _task, measure in self.ledger.each_measure(task_ids):
                self.add(group, measure)

    def part(self) -> tuple:
        """What this scorer scored, to send to the process that merges it."""
        return self.scores, self.groups, self.in_group

    def merge(self, part: tuple) -> None:
        """The points of the measures another scorer scored after these (its `part`), in order."""
        scores, groups, in_group = part
        for name, score in scores.items():
            mine = self.scores.setdefault(name, score)
            if mine is not score:
                mine.lead += score.lead
                mine.cooperating += score.cooperating
                mine.points += score.points[1:]  # its first is the base, which this one has
        for group_id, section in groups.items():
            mine = self.groups.setdefault(group_id, section)
            if mine is not section:
                mine.points += section.points[1:]
        for group_id, count in in_group.items():
            self.in_group[group_id] = self.in_group.get(group_id, 0) + count

    def result(self) -> Assessment:
        """The scores of every unit and group fed so far, with the responsibility lists' points."""
        rules = self.ledger.rules.assessment
        for unit, rule, value, reason in list_points(self.ledger, self.as_of, self.year):
            self._unit(unit).points.append(Point(rule, value, None, "unit", reason))
        basis = rules.rate_basis
        units = sorted(
            (
                _bounded(_rated(s, basis, {"lead": s.lead, "cooperating": s.cooperating}))
                for s in self.scores.values()
            ),
            key=lambda s: (-s.score, s.name),
        )
        sections = [
            _bounded(_rated(s, basis, {"lead": self.in_group[g]})) for g, s in self.groups.items()
        ]
        return Assessment(self.year, self.as_of, rules.party_building_weight, units, sections)


def build_assessment(ledger: Ledger, today: dt.date, year: int | None = None) -> Assessment:
    """Score every unit that leads or cooperates on a measure, and every work group."""
    scorer = Scorer(ledger, today, year)
    scorer.scan()  # one pass over the tasks, each rebuilt and let go: only the points are kept
    return scorer.result()
