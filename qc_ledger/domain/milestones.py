"""Milestones (节点) and expected progress (序时进度): the line a measure's progress should follow. Pure.

Without milestones the line runs straight from (start, 0) to (deadline, 100); with them it runs
through each milestone's (date, progress) in turn. A milestone that names only a deliverable does not
bend the line: it is missed when its date has passed and no evidence entry names the deliverable.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import NamedTuple

Knot = tuple[dt.date, int]  # a day and the progress expected by then


def _words(text: str) -> str:
    return "".join(text.split()).casefold()


def deliverable_in(deliverable: str, evidence: Sequence[str]) -> bool:
    """Some evidence entry names the deliverable (its words, spaces and letter case aside)."""
    wanted = _words(deliverable)
    return any(wanted in _words(item) for item in evidence)


def pace_points(milestones: Sequence) -> tuple[Knot, ...]:
    """The milestones that set a progress, as (date, progress) in date order."""
    return tuple(sorted((m.date, m.progress) for m in milestones if m.progress is not None))


def deliverable_due(milestones: Sequence, evidence: Sequence[str]) -> dt.date | None:
    """The earliest milestone whose deliverable no evidence entry names yet (None: all are named)."""
    return min(
        (
            m.date
            for m in milestones
            if m.deliverable is not None and not deliverable_in(m.deliverable, evidence)
        ),
        default=None,
    )


def expected_on(start: dt.date, deadline: dt.date, points: Sequence[Knot], today: dt.date) -> int:
    """The progress the line through (start, 0), the points and (deadline, 100) gives for today."""
    knots = [(start, 0), *points, (deadline, 100)]
    if today < start:
        return 0
    for (day, value), (after, target) in itertools.pairwise(knots):
        if today < after:
            span = (after - day).days
            share = (today - day).days / span if span > 0 else 1
            return max(0, min(100, round(value + (target - value) * share)))
    return 100


def missed(progress: int, points: Sequence[Knot], due: dt.date | None, today: dt.date) -> bool:
    """A milestone whose date has passed is not met: its progress not reached or deliverable absent."""
    if due is not None and today > due:
        return True
    passed = [value for day, value in points if today > day]
    return bool(passed) and progress < passed[-1]


class MilestoneState(NamedTuple):
    """One milestone as `show` lists it: what it asks, and whether it is met, missed or to come."""

    date: dt.date
    progress: int | None
    deliverable: str | None
    state: str  # reached, missed or pending (see MILESTONE_STATES in vocabulary)


def states(
    milestones: Sequence, progress: int, evidence: Sequence[str], today: dt.date
) -> list[MilestoneState]:
    """Each milestone in date order: reached (its progress and deliverable are in), else missed once
    its date has passed, else pending."""
    found = []
    for m in sorted(milestones, key=lambda m: m.date):
        met = (m.progress is None or progress >= m.progress) and (
            m.deliverable is None or deliverable_in(m.deliverable, evidence)
        )
        state = "reached" if met else "missed" if today > m.date else "pending"
        found.append(MilestoneState(m.date, m.progress, m.deliverable, state))
    return found
