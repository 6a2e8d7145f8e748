"""Reporting discipline: which unit owes which report under each measure's cadence (报送周期).

Each measure reports on its own cadence, else the default in rules.yaml (domain/cadence has the
periods); a report dated after one due day and on or before the next answers that period. For every
open measure that has started: late (its last period went unanswered), never reported, or due (its
open period ends within this reporting month, or it reports weekly). Measures that report on no
cadence (none) are never listed. Recorded reminders make the next one the second. Pure.
"""

from __future__ import annotations

import datetime as dt
import typing
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..domain import cadence as periods
from ..domain.lazy import collector_paused
from ..domain.ledger import Ledger
from ..domain.models import Measure, Task
from ..domain.note_quality import NoteWarning
from ..domain.note_warnings import NotesWarnings
from ..domain.office_models import Reporting
from ..domain.supervision import assigned_on, receipt_due, unacknowledged
from ..domain.supervision_models import CADENCES
from ..domain.timeliness import is_open, last_report, report_dates
from ..vocabulary import CADENCE_LABELS, UNACKNOWLEDGED

# How each reporting state reads in a notice, a table or a message.
STATE_NAMES = {
    "late": "逾期未报",
    "never": "从未报送",
    "due": "本期待报",
    "unsigned": UNACKNOWLEDGED,
}


def state_words(item: Owed) -> str:
    """`本期待报`, and for a measure on its own cadence `本期待报（季报，本期截至 2026-03-28）`."""
    words = STATE_NAMES[item.state]
    if item.cadence is not None and item.due is not None:
        words += f"（{CADENCE_LABELS[item.cadence]}，本期截至 {item.due.isoformat()}）"
    return words


@dataclass(frozen=True)
class Owed:
    """One measure's reporting state."""

    measure_id: str
    task_title: str
    state: str  # late, never, due
    missed: int  # cycles in a row without a report, up to the last due day
    last_report: dt.date | None
    reminded: int  # reminders already recorded for this measure since its last report
    cadence: str | None = None  # its own cadence, when not the rules' default
    due: dt.date | None = None  # the day its open period ends
    receipt_due: dt.date | None = None  # unsigned (未签收): the last day to acknowledge it


@dataclass(frozen=True)
class UnitReminder:
    """What one unit owes, and who to call."""

    unit: str
    contact: str | None
    items: list[Owed] = field(default_factory=list)
    email: str | None = None  # the contact's e-mail address, for `reminders --send`
    quality: tuple[str, ...] = ()  # 进展质量: note-quality warnings on its measures' newest entries

    def due_by(self, default: dt.date) -> dt.date:
        """The earliest day one of its open periods ends (`default` when none is known)."""
        return min((item.due for item in self.items if item.due is not None), default=default)

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
    cadence: str = "monthly"  # the rules' default cadence, which last_due and next_due follow
    cadence_words: str = ""  # when reports of that cadence are due, in words
    # 进展质量: each unit's note-quality warnings (rules.yaml note_quality), owing or not.
    quality: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many measures are late, never reported and due."""
        found = {"late": 0, "never": 0, "due": 0, "unsigned": 0}
        for unit in self.units:
            for item in unit.items:
                found[item.state] += 1
        return found


def _state(
    reports: list[dt.date],
    start: dt.date,
    window: tuple[dt.date, dt.date],
    cadence: str,
    reporting: Reporting,
    month_end: dt.date,
) -> tuple[str, int] | None:
    """The measure's reporting state in its open period `window`, and its periods missed in a row
    (`reports`: its report dates, sorted)."""
    last_due, next_due = window
    windows = periods.periods(start, last_due, cadence, reporting)
    missed = _missed(reports, windows, periods.period_ends(start, last_due, cadence, reporting))
    if bisect_right(reports, next_due) > bisect_right(reports, last_due):
        return None  # this period is answered
    if not reports and windows:
        return "never", missed
    if missed:
        return "late", missed
    # A quarterly period open in its first months is not yet owed: only within its last month.
    if cadence != "weekly" and next_due > month_end:
        return None
    return "due", 0


def _missed(
    reports: list[dt.date],
    windows: tuple[tuple[dt.date, dt.date], ...],
    ends: tuple[dt.date, ...] | None,
) -> int:
    """The periods in a row, back from the last, that no report answers (`ends`: their due days
    when they tile the span, so only the newest report up to the last one can answer any)."""
    if ends is None:
        missed = 0
        for opened, day in reversed(windows):
            if bisect_right(reports, day) > bisect_right(reports, opened):
                break  # a report in (opened, day] answers it
            missed += 1
        return missed
    if not ends:
        return 0
    before = bisect_right(reports, ends[-1])
    if not before or reports[before - 1] <= windows[0][0]:
        return len(ends)  # no report in any period
    # The newest report in the span answers its own period; none answers a later one.
    return len(ends) - 1 - bisect_left(ends, reports[before - 1])


def build_reminders(ledger: Ledger, today: dt.date, unit: str | None = None) -> RemindersReport:
    """Every unit that owes a report as of `today` (or just `unit`), with its measures."""
    scan = ReminderScan(ledger, today)
    scan.scan()
    return scan.report(unit)


class ReminderScan:
    """What a pass over the tasks finds for the reminders: which unit owes which report, and the
    newest notes' warnings. Two passes over parts of the tasks, merged in order, are one pass."""

    def __init__(self, ledger: Ledger, today: dt.date) -> None:
        rules = ledger.rules.reporting
        self.ledger, self.today = ledger, today
        self.windows = {name: periods.cycle(today, name, rules) for name in CADENCES}
        # The reporting month: the monthly period open today, whatever the default cadence.
        self.month = typing.cast(tuple[dt.date, dt.date], self.windows["monthly"])
        self.sent = _sent(ledger)
        self.owed: dict[str, list[Owed]] = {}
        self.notes = NotesWarnings(today, ledger.rules, ledger.plan.period)

    def scan(self, task_ids: list[str] | None = None) -> None:
        """Pass over the tasks (`task_ids`, in plan order; all when None), each rebuilt and let go."""
        ledger, today, owed, sent = self.ledger, self.today, self.owed, self.sent
        canonical = ledger.registry.canonical
        when = (self.windows, self.month[1], sent)
        # Rebuilt records hold no cycles: the collector would only walk what the report keeps.
        with collector_paused():
            for _group, task, measure in ledger.each_measure(task_ids):
                _owe(ledger, today, task, measure, when, owed)
                _receipts(ledger, today, task, measure, sent, owed)
                self.notes.add_measure(measure, canonical(measure.lead_unit))

    def part(self) -> tuple:
        """What this pass found, to send to the process that merges it."""
        return self.owed, self.notes.part()

    def merge(self, part: tuple) -> None:
        """Another pass's findings, over tasks after this one's."""
        owed, notes = part
        for name, items in owed.items():
            self.owed.setdefault(name, []).extend(items)
        self.notes.merge(notes)

    def report(self, unit: str | None = None) -> RemindersReport:
        """The reminders of every unit that owes a report (or just `unit`'s), once scanned."""
        ledger, rules = self.ledger, self.ledger.rules.reporting
        default = rules.cadence
        last_due, next_due = self.windows[default] or self.month
        quality = _quality(self.notes.warnings(), unit)
        units = ledger.registry.units
        order = {"unsigned": 0, "late": 1, "never": 2, "due": 3}
        rows = []
        for name, items in self.owed.items():
            if unit is not None and name != unit:
                continue
            contact = units[name].contact if name in units else None
            who = None
            if contact is not None and contact.name:
                who = contact.name + (f"（{contact.phone}）" if contact.phone else "")
            items.sort(key=lambda item: (order[item.state], -item.missed, item.measure_id))
            email = contact.email if contact is not None else None
            rows.append(UnitReminder(name, who, items, email, tuple(quality.get(name, ()))))
        rows.sort(key=lambda row: (-row.round, -len(row.items), row.unit))
        words = periods.describe(default, rules)
        return RemindersReport(
            self.today, rules.day_of_month, last_due, next_due, rows, default, words, quality
        )


# Note-quality lines a unit's reminder lists; the others are counted in one more line.
QUALITY_SHOWN = 5


def _sent(ledger: Ledger) -> dict[str, list[tuple[dt.date, str]]]:
    """Each measure's recorded reminders as (date, unit reminded), read once for every measure."""
    canonical = ledger.registry.canonical
    sent: dict[str, list[tuple[dt.date, str]]] = {}
    for reminder in ledger.office.reminders:
        for measure_id in dict.fromkeys(reminder.measures):
            sent.setdefault(measure_id, []).append((reminder.date, canonical(reminder.unit)))
    return sent


def _owe(
    ledger: Ledger,
    today: dt.date,
    task: Task,
    measure: Measure,
    when: tuple[dict, dt.date, dict[str, list[tuple[dt.date, str]]]],
    owed: dict[str, list[Owed]],
) -> None:
    """Add the measure to each unit that owes its report (late, never reported or due)."""
    windows, month_end, sent = when
    rules = ledger.rules.reporting
    start = measure.start or ledger.plan.period.start
    if not is_open(measure) or start > today:
        return
    cadence = periods.cadence_of(measure, rules)
    window = windows[cadence]
    if window is None:
        return  # reports on no cadence: never owes one
    reports = report_dates(measure)
    found = _state(reports, start, window, cadence, rules, month_end)
    if found is None:
        return
    state, missed = found
    last = last_report(measure)
    reminded = sum(last is None or date > last for date, _unit in sent.get(measure.id, ()))
    own = cadence if cadence != rules.cadence else None
    item = Owed(measure.id, task.title, state, missed, last, reminded, own, window[1])
    units = [measure.lead_unit]
    if rules.units == "lead_and_cooperating":
        units += measure.cooperating_units
    canonical = ledger.registry.canonical
    for name in units:
        owed.setdefault(canonical(name), []).append(item)


def _quality(warnings: list[NoteWarning], unit: str | None) -> dict[str, list[str]]:
    """Each unit's 进展质量 lines: the note-quality warnings on its measures' newest entries."""
    found: dict[str, list[str]] = {}
    more: dict[str, int] = {}
    for warning in warnings:
        if unit is not None and warning.unit != unit:
            continue
        lines = found.setdefault(warning.unit, [])
        if len(lines) < QUALITY_SHOWN:
            lines.append(f"{warning.message}（{warning.hint}）")
        else:
            more[warning.unit] = more.get(warning.unit, 0) + 1
    for name, count in more.items():
        # A reminder stays readable (and a mail sendable) at a province's scale: the rest in one line.
        found[name].append(f"另有 {count} 条进展质量提示，ledger validate 逐条列出")
    return found


def _receipts(
    ledger: Ledger,
    today: dt.date,
    task: Task,
    measure: Measure,
    sent: dict[str, list[tuple[dt.date, str]]],
    owed: dict[str, list[Owed]],
) -> None:
    """Add every receipt a unit owes (签收) on this work, assigned by today, each its own item."""
    rules, period, canonical = ledger.rules, ledger.plan.period, ledger.registry.canonical
    units = unacknowledged(task, measure, rules, canonical)
    if not units:
        return
    assigned = assigned_on(task, measure, period)
    if assigned > today:
        return
    due = receipt_due(task, measure, rules, period)
    for name in units:
        # Each unit signs for itself: only the reminders it was sent count.
        reminded = sum(unit == name and date >= assigned for date, unit in sent.get(measure.id, ()))
        item = Owed(measure.id, task.title, "unsigned", 0, None, reminded, receipt_due=due)
        owed.setdefault(name, []).append(item)
