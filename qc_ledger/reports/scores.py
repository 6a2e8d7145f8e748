"""Each unit's assessment score alone, for the pages that show the score and not the points.

The same sums as assess.Scorer, in the same order, kept as bare values: no reasons are written
and no point is made (a province's dashboard scores a hundred thousand measures). Pure.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Measure
from .assess import list_points, measure_values, rated_values


class _Unit:
    """One unit's points as (role, rule, whether tied to a measure, points), the base first."""

    __slots__ = ("cooperating", "lead", "points")

    def __init__(self, base: float) -> None:
        self.points: list[tuple] = [("unit", "base", False, base)]
        self.lead = self.cooperating = 0


def _total(values) -> float:
    return round(sum(values), 2)


class ScoreTotals:
    """Each unit's score as assess.Scorer gives it, measure by measure, without the points behind it."""

    def __init__(self, ledger: Ledger, today: dt.date, year: int | None = None):
        self.ledger = ledger
        self.year = year or today.year
        self.as_of = min(today, dt.date(self.year, 12, 31))
        self.units: dict[str, _Unit] = {}
        rules = ledger.rules
        self.base = rules.assessment.base
        self.weight = rules.assessment.cooperating_weight
        self.helpers_miss = rules.reporting.units != "lead"  # missed reports count for helpers too

    def _unit(self, name: str) -> _Unit:
        unit = self.units.get(name)
        if unit is None:
            unit = self.units[name] = _Unit(self.base)
        return unit

    def add(self, measure: Measure) -> None:
        """Score one measure for its lead unit and its cooperating units."""
        canonical, units = self.ledger.registry.canonical, self.units
        values = measure_values(measure, self.ledger, self.year, self.as_of)
        name = canonical(measure.lead_unit)
        lead = units.get(name) or self._unit(name)
        lead.lead += 1
        lead.points.extend([("lead", rule, True, value) for rule, value in values])
        if not measure.cooperating_units:
            return
        weight = self.weight
        shared = [
            ("cooperating", rule, True, round(value * weight, 2))
            for rule, value in values
            if rule != "missed_report" or self.helpers_miss
        ]
        for name in map(canonical, measure.cooperating_units):
            helper = units.get(name) or self._unit(name)
            helper.cooperating += 1
            helper.points.extend(shared)

    def merge(self, units: dict[str, _Unit]) -> None:
        """Add the points of the measures scored after these (another share's `units`), in order."""
        for name, unit in units.items():
            mine = self.units.get(name)
            if mine is None:
                self.units[name] = unit
                continue
            mine.lead += unit.lead
            mine.cooperating += unit.cooperating
            mine.points += unit.points[1:]  # its first is the base, which this one has

    def result(self) -> dict[str, float]:
        """Each unit's score by canonical name, the responsibility lists' points included."""
        for unit, rule, value, _reason in list_points(self.ledger, self.as_of, self.year):
            self._unit(unit).points.append(("unit", rule, False, value))
        basis = self.ledger.rules.assessment.rate_basis
        scores = {}
        for name, unit in self.units.items():
            values = [point[3] for point in unit.points]
            if basis is not None:
                counts = {"lead": unit.lead, "cooperating": unit.cooperating}
                rated = rated_values(unit.points, basis, counts)
                values = [v if r is None else r for v, r in zip(values, rated, strict=True)]
            total = _total(values)
            held = min(100.0, max(0.0, total))
            if held != total:  # the score is held to 0–100 by a point of its own
                values.append(round(held - total, 2))
                total = _total(values)
            scores[name] = total
        return scores
