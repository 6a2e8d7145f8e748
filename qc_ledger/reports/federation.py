"""Many district ledgers seen as one: each ledger's totals, and the higher tasks they implement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.figures import done_rate, mean
from ..domain.ledger import Ledger
from ..domain.timeliness import expected_progress, is_overdue, light, worst_light


@dataclass(frozen=True)
class MemberRow:
    """One district ledger's totals."""

    name: str
    title: str
    groups: int
    measures: int
    done: int
    overdue: int
    progress: int
    expected: int
    light: str | None
    cancelled: int = 0

    @property
    def done_share(self) -> int:
        """完成率 in percent, as every report counts it (domain/figures.py)."""
        return done_rate(self.done, self.measures, self.cancelled)


@dataclass(frozen=True)
class ImplementedRow:
    """A city or province task and the district measures that carry it out."""

    task: str
    measures: int
    done: int
    overdue: int
    progress: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class FederationReport:
    """What `ledger federate` shows."""

    title: str
    today: dt.date
    members: list[MemberRow]
    total: MemberRow
    implemented: list[ImplementedRow] = field(default_factory=list)
    unlinked: int = 0  # measures that name no higher task


def _mean(values: list[int]) -> int:
    return mean(sum(values), len(values))


def build_federation(title: str, ledgers: list[tuple[str, Ledger]], today: dt.date):
    """Totals per ledger and over all of them, and every implemented task across them."""
    rows, everything, all_expected = [], [], []
    by_task: dict[str, list[tuple[str, object]]] = {}
    for name, ledger in ledgers:
        rules, period = ledger.rules, ledger.plan.period
        measures = [m for _g, _t, m in ledger.iter_measures()]
        counted = [m for m in measures if m.status != "cancelled"]
        expected = [expected_progress(m, period, today) for m in counted]
        overdue = [is_overdue(m, today) for m in measures]
        lights = [light(m, today, rules, period) for m in measures]
        rows.append(
            MemberRow(
                name,
                ledger.plan.title,
                len(ledger.groups),
                len(measures),
                sum(m.status == "done" for m in measures),
                sum(overdue),
                _mean([m.progress for m in counted]),
                _mean(expected),
                worst_light(lights),
                len(measures) - len(counted),
            )
        )
        all_expected.extend(expected)
        for m, late in zip(measures, overdue, strict=True):
            everything.append((m, late))
            if m.implements:
                by_task.setdefault(m.implements, []).append((name, (m, late)))
    counted = [m for m, _late in everything if m.status != "cancelled"]
    total = MemberRow(
        "合计",
        title,
        sum(r.groups for r in rows),
        sum(r.measures for r in rows),
        sum(r.done for r in rows),
        sum(r.overdue for r in rows),
        _mean([m.progress for m in counted]),
        _mean(all_expected),
        worst_light([r.light for r in rows]),
        sum(r.cancelled for r in rows),
    )
    implemented = []
    for task in sorted(by_task):
        items = by_task[task]
        measures = [m for _name, (m, _late) in items]
        implemented.append(
            ImplementedRow(
                task,
                len(items),
                sum(m.status == "done" for m in measures),
                sum(late for _name, (_m, late) in items),
                _mean([m.progress for m in measures if m.status != "cancelled"]),
                tuple(dict.fromkeys(name for name, _item in items)),
            )
        )
    unlinked = sum(1 for m, _late in everything if not m.implements)
    return FederationReport(title, today, rows, total, implemented, unlinked)
