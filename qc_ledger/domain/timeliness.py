"""How a measure stands in time as of a day: overdue, due soon, unreported, and its traffic light.

Every threshold comes from the ledger's rules (data/rules.yaml); pure, never prints or exits. Each
rule reads a measure record or its digest alike (status, progress, deadline, start, last report,
milestones). A milestone missed (节点未达) counts as behind (欠进度) unless the gap is already serious.
"""

from __future__ import annotations

import datetime as dt

from ..vocabulary import LIGHTS, PACE_LABELS
from . import lazylog, milestones
from .digest import MeasureFacts
from .models import CLOSED_STATUSES, Measure, Period, ProgressEntry, Rules
from .supervision import approved_request


def is_open(measure: Measure) -> bool:
    """Neither done nor cancelled."""
    return measure.status not in CLOSED_STATUSES


def days_left(measure: Measure, today: dt.date) -> int:
    """Days from today to the deadline (negative once it has passed)."""
    return (measure.deadline - today).days


def is_overdue(measure: Measure, today: dt.date) -> bool:
    """Past its deadline and neither done nor cancelled."""
    return is_open(measure) and today > measure.deadline


def days_overdue(measure: Measure, today: dt.date) -> int:
    """Days past the deadline (0 when not overdue)."""
    return -days_left(measure, today) if is_overdue(measure, today) else 0


def is_due_within(measure: Measure, today: dt.date, days: int) -> bool:
    """Open, not overdue, and due within `days` days (today included)."""
    return is_open(measure) and 0 <= days_left(measure, today) <= days


def is_due_soon(measure: Measure, today: dt.date, rules: Rules) -> bool:
    """Due within the rules' due-soon window (即将到期)."""
    return is_due_within(measure, today, rules.due_soon_days)


def last_entry(measure: Measure) -> ProgressEntry | None:
    """The newest progress entry; of two on the same day, the later one in the file."""
    return lazylog.newest(measure.progress_log)


def report_dates(measure: Measure) -> list[dt.date]:
    """The dates of the measure's progress entries, earliest first."""
    return lazylog.sorted_dates(measure.progress_log)


def reached_on(measure: Measure, status: str) -> dt.date | None:
    """The day the measure reached this status (done, cancelled), if it has it.

    Done counts from the unit's request the office approved (the unit finished then, not the day
    the office read it); without one, from the first progress entry that gave the status.
    """
    if measure.status != status:
        return None
    if status == "done":
        request = approved_request(measure)
        if request is not None:
            return request.date
    return lazylog.first_date_with(measure.progress_log, "status", status)


def last_report(measure: Measure | MeasureFacts) -> dt.date | None:
    """The date of the newest progress entry, if any."""
    return measure.last_reported


def is_stale(measure: Measure, today: dt.date, rules: Rules) -> bool:
    """Open and without a progress report for more than the rules' days (or ever)."""
    if not is_open(measure):
        return False
    # A measure added during the period is unreported from its own start, not from its birth.
    last = last_report(measure) or measure.start
    return last is None or (today - last).days > rules.stale_days


def conditions(measure: Measure, today: dt.date, rules: Rules, period: Period) -> set[str]:
    """Which of the conditions that light rules name hold for an open measure (none for a closed).

    The same as asking is_overdue, pace, is_due_soon and is_stale in turn, with the deadline and
    the status read once: this runs for every measure of a province's status.
    """
    found: set[str] = set()
    if measure.status in CLOSED_STATUSES:
        return found
    left = (measure.deadline - today).days
    if left < 0:
        found.add("overdue")  # and so neither behind (pace says overdue) nor due soon
    else:
        gap = expected_progress(measure, period, today) - measure.progress
        if gap >= rules.serious_points:
            found.add("far_behind")
        elif gap >= rules.behind_points or milestone_missed(measure, today):
            found.add("behind")
        if left <= rules.due_soon_days:
            found.add("due_soon")
    if measure.status == "delayed":
        found.add("delayed")
    last = measure.last_reported or measure.start
    if last is None or (today - last).days > rules.stale_days:
        found.add("stale")
    return found


def light(measure: Measure, today: dt.date, rules: Rules, period: Period) -> str | None:
    """The light by the rules: done is green, cancelled has none, else red, yellow, blue or green."""
    if measure.status == "cancelled":
        return None
    if measure.status == "done":
        return "green"
    return _shade(conditions(measure, today, rules, period), rules)


def _shade(holding: set[str], rules: Rules) -> str:
    """The light of an open measure: the first of red, yellow and blue whose conditions hold."""
    for name, names in (("red", rules.red), ("yellow", rules.yellow), ("blue", rules.blue)):
        if not holding.isdisjoint(names):
            return name
    return "green"


# What `Standing.of` answers for a closed measure, whatever the day: light, days late, stale.
CLOSED_STANDINGS: dict[str, tuple[str | None, int, bool]] = {
    "done": ("green", 0, False),
    "cancelled": (None, 0, False),
}


class Standing:
    """Light, days late and unreported of each measure as of one day, by one set of rules.

    The same answers as light, days_overdue and is_stale asked in turn, each condition worked out
    once: a province's status asks them of a hundred thousand measures.
    """

    def __init__(self, today: dt.date, rules: Rules, period: Period):
        self.today, self.rules, self.period = today, rules, period

    def of(self, measure: Measure | MeasureFacts) -> tuple[str | None, int, bool]:
        """The measure's light, its days past the deadline (0 if not late) and whether it is stale."""
        closed = CLOSED_STANDINGS.get(measure.status)
        if closed is not None:
            return closed
        holding = conditions(measure, self.today, self.rules, self.period)
        late = (self.today - measure.deadline).days if "overdue" in holding else 0
        return _shade(holding, self.rules), late, "stale" in holding

    def listed(self, measure: Measure | MeasureFacts) -> tuple:
        """What a listed row shows of the measure as of the day: light, pace, overdue, due soon,
        stale and milestone missed, as `light`, `pace`, `is_overdue`, `is_due_soon`, `is_stale`
        and `milestone_missed` give them, the deadline and the expected progress read once."""
        status = measure.status
        if status == "done":
            return _DONE
        if status == "cancelled":
            return _CANCELLED
        today, rules = self.today, self.rules
        left = (measure.deadline - today).days
        missed = milestone_missed(measure, today)
        last = measure.last_reported or measure.start
        stale = last is None or (today - last).days > rules.stale_days
        holding = {"stale"} if stale else set()
        if status == "delayed":
            holding.add("delayed")
        if left < 0:
            holding.add("overdue")
            return _shade(holding, rules), "overdue", True, False, stale, missed
        gap = expected_progress(measure, self.period, today) - measure.progress
        if gap >= rules.serious_points:
            holding.add(step := "far_behind")
        elif gap >= rules.behind_points or missed:
            holding.add(step := "behind")
        else:
            step = "ahead" if -gap >= rules.ahead_points else "on_pace"
        soon = left <= rules.due_soon_days
        if soon:
            holding.add("due_soon")
        return _shade(holding, rules), step, False, soon, stale, missed

    def timely(self, measure: Measure | MeasureFacts) -> tuple:
        """`reports.export.timely_values` of the measure (overdue, stale, light, expected progress,
        pace, its label, milestone missed), each condition read once: an export asks every measure."""
        shade, step, overdue, _soon, stale, missed = self.listed(measure)
        expected = expected_progress(measure, self.period, self.today)
        return overdue, stale, shade, expected, step, PACE_LABELS[step] if step else None, missed


def timely_state(m: Measure | MeasureFacts) -> tuple:
    """All that `Standing.timely` reads of a measure: two measures alike in it are alike in that
    (a closed one is answered from its dates alone, and a province has closed most of its work)."""
    if m.status in CLOSED_STATUSES:
        return m.status, m.deadline, m.start, m.pace_points
    return (
        m.status,
        m.progress,
        m.deadline,
        m.start,
        m.last_reported,
        m.pace_points,
        m.deliverable_due,
    )


_DONE = ("green", "done", False, False, False, False)
_CANCELLED = (None, None, False, False, False, False)


def worst_light(lights: list[str | None]) -> str | None:
    """The most urgent of several lights."""
    present = [value for value in lights if value]
    return min(present, key=LIGHTS.index) if present else None


def expected_progress(measure: Measure | MeasureFacts, period: Period, today: dt.date) -> int:
    """序时进度: the share of the measure's time (its start, else the plan's, to its deadline) gone;
    with milestones, the line through each milestone's progress in turn."""
    start = measure.start or period.start
    if measure.pace_points:
        return milestones.expected_on(start, measure.deadline, measure.pace_points, today)
    span = (measure.deadline - start).days
    if span <= 0:
        return 100 if today >= measure.deadline else 0
    return max(0, min(100, round(100 * (today - start).days / span)))


def milestone_missed(measure: Measure | MeasureFacts, today: dt.date) -> bool:
    """Open, and a milestone whose date has passed is not met (节点未达): counted as behind."""
    if measure.status in CLOSED_STATUSES or not (measure.pace_points or measure.deliverable_due):
        return False
    return milestones.missed(measure.progress, measure.pace_points, measure.deliverable_due, today)


def pace(measure: Measure, period: Period, today: dt.date, rules: Rules) -> str | None:
    """How reported progress compares with the expected: a PACE_LABELS key (None when cancelled)."""
    if measure.status == "cancelled":
        return None
    if measure.status == "done":
        return "done"
    if is_overdue(measure, today):
        return "overdue"
    gap = expected_progress(measure, period, today) - measure.progress
    if gap >= rules.serious_points:
        return "far_behind"
    if gap >= rules.behind_points or milestone_missed(measure, today):
        return "behind"
    if -gap >= rules.ahead_points:
        return "ahead"
    return "on_pace"
