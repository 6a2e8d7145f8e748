"""How long a red measure has been red, read from its own recorded history.

The progress log and the deadline changes say how the measure stood on earlier days; it is judged
on each by the same light rules as today (red_test: the rules' red conditions alone). Pure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..domain.lazylog import iso_dates, kept_as_bytes, plain_dated, standing_after
from ..domain.ledger import Ledger
from ..domain.models import CLOSED_STATUSES, Measure, Period, Rules
from ..domain.timeliness import expected_progress, milestone_missed


class _Then(NamedTuple):
    """What the light rules read of a measure, as it stood on an earlier day (cheaper than a copy;
    a tuple: a red measure is judged on a dozen days, a province's on a million)."""

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


_STORED: list = []  # a stored log's standings are read from its brief


class _History:
    """`_state_on` for one measure, its log and deadline changes read once: when both are in date
    order (as recorded), the entries on or before a day are a prefix, found by bisection. A log
    not built yet is read from its plain data, its dates left as ISO text (they sort as dates)."""

    __slots__ = ("changed", "dates", "deadlines", "iso", "measure", "progresses", "statuses",
                 "then")  # fmt: skip

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        log, changes = measure.progress_log, measure.deadline_history
        # A log kept as its stored bytes: its brief gives the dates and what each entry leaves.
        stored = kept_as_bytes(log)
        plain = None if stored else plain_dated(log)
        self.iso = stored or plain is not None
        steps = ()
        if stored:
            dates = self.dates = iso_dates(log)
        elif plain is None:
            dates = self.dates = [entry.date for entry in log]
            steps = [(entry.status, entry.progress) for entry in log]
        else:
            dates = self.dates = [item["date"] for item in plain]
            steps = [(item.get("status"), item.get("progress")) for item in plain]
        changed = self.changed = [change.date for change in changes]
        if any(map(operator.gt, dates, dates[1:])) or any(map(operator.gt, changed, changed[1:])):
            self.statuses = None  # out of order: read entry by entry
            return
        deadlines = [changes[0].previous if changes else measure.deadline]
        self.deadlines = deadlines + [change.new for change in changes]
        self.then = (measure.start, measure.pace_points, measure.deliverable_due)
        if stored:
            self.statuses = self.progresses = _STORED
            return
        status, progress = "not_started", 0
        statuses, progresses = [status], [progress]
        for set_status, set_progress in steps:
            status = set_status or status
            progress = set_progress if set_progress is not None else progress
            statuses.append(status)
            progresses.append(progress)
        self.statuses, self.progresses = statuses, progresses

    def _standing(self, seen: int) -> tuple[str, int]:
        """The status and progress the first `seen` entries leave."""
        if self.statuses is _STORED:
            return standing_after(self.measure.progress_log, seen)
        return self.statuses[seen], self.progresses[seen]

    def events_until(self, today: dt.date) -> Iterator[dt.date]:
        """The days of its progress entries and deadline changes up to `today`, latest first (an
        ISO date made a date only when reached: the search stops after a few)."""
        changes = self.measure.deadline_history
        if not self.iso:
            days = set(self.dates) | {change.date for change in changes}
            yield from (day for day in sorted(days, reverse=True) if day <= today)
            return
        days = set(self.dates)
        days.update(change.date.isoformat() for change in changes)
        last = today.isoformat()
        for day in sorted(days, reverse=True):
            if day <= last:
                yield dt.date.fromisoformat(day)

    def state_on(self, day: dt.date) -> Measure:
        """The measure as its history says it stood on `day`."""
        if self.statuses is None:
            return _state_on(self.measure, day)
        seen = bisect_right(self.dates, day.isoformat() if self.iso else day)
        deadline = self.deadlines[bisect_right(self.changed, day)]
        last = self.dates[seen - 1] if seen else None
        if last is not None and self.iso:
            last = dt.date.fromisoformat(last)
        then = _Then(*self._standing(seen), last, deadline, *self.then)
        return then  # type: ignore[return-value]

    def late_on(self, day: dt.date) -> bool:
        """Open and past its deadline on `day` (overdue), read without the rest of its state."""
        if self.statuses is None:
            state = _state_on(self.measure, day)
            return state.status not in CLOSED_STATUSES and day > state.deadline
        status = self._standing(bisect_right(self.dates, day.isoformat() if self.iso else day))[0]
        return (
            status not in CLOSED_STATUSES and day > self.deadlines[bisect_right(self.changed, day)]
        )


def _history(measure: Measure) -> Callable[[dt.date], Measure]:
    """`_state_on` for one measure, its history read once (_History)."""
    return _History(measure).state_on


def red_test(rules: Rules, period: Period) -> Callable[[Measure, dt.date], bool]:
    """Whether `light(measure, day, rules, period)` is red, asking only the conditions the rules
    call red and stopping at the first that holds: a province's red measures ask it a million times."""
    red = frozenset(rules.red)
    overdue, far, behind = "overdue" in red, "far_behind" in red, "behind" in red
    soon, delayed, stale = "due_soon" in red, "delayed" in red, "stale" in red
    serious, behind_points = rules.serious_points, rules.behind_points
    soon_days, stale_days = rules.due_soon_days, rules.stale_days

    # The same tests as timeliness.conditions, in its order, each condition only when it is red.
    def is_red(measure: Measure, day: dt.date) -> bool:
        status = measure.status
        if status in CLOSED_STATUSES:
            return False
        left = (measure.deadline - day).days
        if left < 0:
            if overdue:
                return True
        else:
            if far or behind:
                gap = expected_progress(measure, period, day) - measure.progress
                if gap >= serious:
                    if far:
                        return True
                elif behind and (gap >= behind_points or milestone_missed(measure, day)):
                    return True
            if soon and left <= soon_days:
                return True
        if delayed and status == "delayed":
            return True
        if stale:
            last = measure.last_reported or measure.start
            return last is None or (day - last).days > stale_days
        return False

    return is_red


class RedDays:
    """How long each red measure has been red as of one day, by one ledger's rules."""

    def __init__(self, ledger: Ledger, today: dt.date):
        self.today, self.period = today, ledger.plan.period
        self.is_red = red_test(ledger.rules, self.period)
        self.rules = ledger.rules
        red = self.red = frozenset(ledger.rules.red)
        # With overdue red, and behind not (it ends where far behind begins), a state that stays
        # fixed is red from some day on (see _narrowed): its deadline splits the search.
        self.overdue = "overdue" in red
        self.steady = self.overdue and "behind" not in red
        self.far = "far_behind" in red

    def since(self, measure: Measure) -> dt.date | None:
        """The first day of the run of red days that ends today (None when it is not red today)."""
        today, is_red = self.today, self.is_red
        history = _History(measure)
        state_on, late_on = history.state_on, history.late_on if self.overdue else None

        def red(day: dt.date) -> bool:
            # Overdue is red: most days asked about are past the deadline, known from two numbers.
            return (late_on is not None and late_on(day)) or is_red(state_on(day), day)

        if not red(today):
            return None
        start = measure.start or self.period.start
        # Between two recorded events the measure's state is fixed and lateness only grows, so red
        # days form one run at the end of each stretch: find where the current run begins.
        high = today  # red; every day from here to today is red
        for low in itertools.chain(history.events_until(today), (start,)):
            low = max(low, start)  # where this stretch begins
            if not red(low):
                high, settled = self._narrowed(state_on(low), low, high, red)
                while not settled and (high - low).days > 1:  # low is not red, high is: bisect
                    middle = low + (high - low) // 2
                    low, high = (low, middle) if red(middle) else (middle, high)
                return high
            if low <= start or not red(low - dt.timedelta(days=1)):
                return low
            high = low - dt.timedelta(days=1)
        return start

    def _narrowed(self, state: Measure, low: dt.date, high: dt.date, red) -> tuple[dt.date, bool]:
        """The first red day after `low` (not red) up to `high` (red), the state fixed between
        them, when the day each red condition begins to hold finds it: (that day, True), with two
        looks instead of a dozen; else (`high`, False), for a bisection.

        Only for a steady state: open, overdue red after its deadline; before it, far behind
        (expected progress only grows with time, unless milestones make it fall), due soon,
        unreported and delayed only begin to hold as days pass. So red, once red, stays red: the
        day found red, after a day not red, is the one day a bisection finds.
        """
        if not self.steady or (self.far and state.pace_points):
            return high, False
        one = dt.timedelta(days=1)
        guess = max(self._first_red(state, low + one), low + one)
        if guess <= high and red(guess) and (guess - one == low or not red(guess - one)):
            return guess, True
        return high, False

    def _first_red(self, state: Measure, soonest: dt.date) -> dt.date:
        """About the day a steady state begins to be red (checked by the caller, so a guess)."""
        rules = self.rules
        deadline = state.deadline
        days = [deadline + dt.timedelta(days=1)]  # overdue
        if self.far:
            start = state.start or self.period.start
            span = (deadline - start).days
            if span > 0:  # expected progress, 100 × days gone ÷ span, rounded, reaches this
                gone = math.ceil((state.progress + rules.serious_points - 0.5) * span / 100)
                days.append(start + dt.timedelta(days=max(gone, 0)))
        if "due_soon" in self.red:
            days.append(deadline - dt.timedelta(days=rules.due_soon_days))
        if "stale" in self.red:
            last = state.last_reported or state.start
            days.append(soonest if last is None else last + dt.timedelta(rules.stale_days + 1))
        if "delayed" in self.red and state.status == "delayed":
            days.append(soonest)
        return min(days)
