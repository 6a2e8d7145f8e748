"""Reporting discipline: which unit owes which report under the reporting cycle in rules.yaml.

Each month has a due day (e.g. the 28th); a report dated after one due day and on or before the next
answers that cycle. For every open measure that has started: late (the last cycle went unanswered),
never reported, or due (this cycle still open). Recorded reminders make the next one the second. Pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.ledger import Ledger
from ..domain.models import Measure
from ..domain.note_quality import ledger_warnings
from ..domain.timeliness import is_open, last_report

# How each reporting state reads in a notice, a table or a message.
STATE_NAMES = {"late": "逾期未报", "never": "从未报送", "due": "本期待报"}


def _next_month(day: dt.date, due: int) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, due)


def previous_due(day: dt.date, due: int) -> dt.date:
    """The due day of the month before `day`'s: where the cycle that ends on `day` opens."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return dt.date(year, month, due)


def cycle(today: dt.date, due: int) -> tuple[dt.date, dt.date]:
    """The last due day before the open cycle, and the open cycle's own due day (on or after today)."""
    next_due = dt.date(today.year, today.month, due)
    if today > next_due:
        next_due = _next_month(next_due, due)
    return previous_due(next_due, due), next_due


def due_dates(start: dt.date, until: dt.date, due: int) -> list[dt.date]:
    """Every due day from the first on or after `start` to the last on or before `until`."""
    current = dt.date(start.year, start.month, due)
    if current < start:
        current = _next_month(current, due)
    days = []
    while current <= until:
        days.append(current)
        current = _next_month(current, due)
    return days


@dataclass(frozen=True)
class Owed:
    """One measure's reporting state."""

    measure_id: str
    task_title: str
    state: str  # late, never, due
    missed: int  # cycles in a row without a report, up to the last due day
    last_report: dt.date | None
    reminded: int  # reminders already recorded for this measure since its last report


@dataclass(frozen=True)
class UnitReminder:
    """What one unit owes, and who to call."""

    unit: str
    contact: str | None
    items: list[Owed] = field(default_factory=list)
    email: str | None = None  # the contact's e-mail address, for `reminders --send`
    quality: tuple[str, ...] = ()  # 进展质量: note-quality warnings on its measures' newest entries

    @property
    def round(self) -> int:
        """Which reminder this is: 1 for the first, 2 for the second…"""
        return 1 + max((item.reminded for item in self.items), default=0)


@dataclass(frozen=True)
class RemindersReport:
    """What `ledger reminders` shows."""

    today: dt.date
    due_day: int
    last_due: dt.date
    next_due: dt.date
    units: list[UnitReminder]
    # 进展质量: each unit's note-quality warnings (rules.yaml note_quality), owing or not.
    quality: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many measures are late, never reported and due."""
        found = {"late": 0, "never": 0, "due": 0}
        for unit in self.units:
            for item in unit.items:
                found[item.state] += 1
        return found


def _state(
    measure: Measure, start: dt.date, last_due: dt.date, next_due: dt.date, due: int
) -> tuple[str, int] | None:
    reports = sorted(entry.date for entry in measure.progress_log)
    windows = due_dates(start, last_due, due)
    missed = 0
    for day in reversed(windows):
        opened = previous_due(day, due)
        if any(opened < report <= day for report in reports):
            break
        missed += 1
    if any(last_due < report <= next_due for report in reports):
        return None  # this cycle is answered
    if not reports and windows:
        return "never", missed
    if missed:
        return "late", missed
    return "due", 0


def build_reminders(ledger: Ledger, today: dt.date, unit: str | None = None) -> RemindersReport:
    """Every unit that owes a report as of `today` (or just `unit`), with its measures."""
    rules = ledger.rules.reporting
    due = rules.day_of_month
    last_due, next_due = cycle(today, due)
    canonical = ledger.registry.canonical
    owed: dict[str, list[Owed]] = {}
    for _group, task, measure in ledger.iter_measures():
        start = measure.start or ledger.plan.period.start
        if not is_open(measure) or start > today:
            continue
        found = _state(measure, start, last_due, next_due, due)
        if found is None:
            continue
        state, missed = found
        last = last_report(measure)
        reminded = sum(
            measure.id in reminder.measures and (last is None or reminder.date > last)
            for reminder in ledger.office.reminders
        )
        item = Owed(measure.id, task.title, state, missed, last, reminded)
        units = [measure.lead_unit]
        if rules.units == "lead_and_cooperating":
            units += measure.cooperating_units
        for name in units:
            owed.setdefault(canonical(name), []).append(item)
    quality = _quality(ledger, today, unit)
    rows = []
    for name, items in owed.items():
        if unit is not None and name != unit:
            continue
        contact = ledger.registry.units[name].contact if name in ledger.registry.units else None
        who = None
        if contact is not None and contact.name:
            who = contact.name + (f"（{contact.phone}）" if contact.phone else "")
        order = {"late": 0, "never": 1, "due": 2}
        items.sort(key=lambda item: (order[item.state], -item.missed, item.measure_id))
        email = contact.email if contact is not None else None
        rows.append(UnitReminder(name, who, items, email, tuple(quality.get(name, ()))))
    rows.sort(key=lambda row: (-row.round, -len(row.items), row.unit))
    return RemindersReport(today, due, last_due, next_due, rows, quality)


def _quality(ledger: Ledger, today: dt.date, unit: str | None) -> dict[str, list[str]]:
    """Each unit's 进展质量 lines: the note-quality warnings on its measures' newest entries."""
    canonical = ledger.registry.canonical
    measures = ((m, canonical(m.lead_unit)) for _, _, m in ledger.iter_measures())
    found: dict[str, list[str]] = {}
    for warning in ledger_warnings(measures, today, ledger.rules, ledger.plan.period):
        if unit is None or warning.unit == unit:
            found.setdefault(warning.unit, []).append(f"{warning.message}（{warning.hint}）")
    return found
