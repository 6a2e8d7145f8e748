"""The dashboard's figures read the cheap way say what the full reports say: the scores alone are
the assessment's scores, and days red follow the light rules on every day they ask about."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qc_ledger.domain.lazy import collector_paused
from qc_ledger.domain.lazylog import plain_of
from qc_ledger.domain.models import Measure, Period, Rules
from qc_ledger.domain.timeliness import light
from qc_ledger.load.loader import load_ledger
from qc_ledger.reports.assess import build_assessment
from qc_ledger.reports.red_days import RedDays, _history, _Then, red_test
from qc_ledger.reports.scores import ScoreTotals

from conftest import restored

D = dt.date
CONDITIONS = ["overdue", "far_behind", "behind", "due_soon", "delayed", "stale"]
TODAYS = [D(2024, 7, 15), D(2025, 6, 30), D(2025, 12, 31), D(2026, 12, 6)]


def _with_rules(ledger, **assessment):
    """The ledger judged by its rules with these assessment rules changed."""
    changed = ledger.rules.assessment.model_copy(update=assessment)
    return dataclasses.replace(
        ledger, rules=ledger.rules.model_copy(update={"assessment": changed})
    )


@pytest.mark.parametrize(
    "assessment",
    [
        {},
        {"rate_basis": None},
        {"rate_basis": 7, "cooperating_weight": 0.3},
        {"base": 99.0, "done_on_time": 3.0, "missed_report": -1.25},  # scores held to 0–100
        {"base": 2.0, "overdue": -7.5},
    ],
)
def test_the_scores_alone_are_the_assessments_scores(plan_copy, assessment):
    ledger = _with_rules(load_ledger(plan_copy), **assessment)
    for today in TODAYS:
        totals = ScoreTotals(ledger, today)
        with collector_paused():
            for _group, _task, measure in ledger.each_measure():
                totals.add(measure)
        expected = {score.name: score.score for score in build_assessment(ledger, today).units}
        assert totals.result() == expected, today


def _red_since_by_light(measure, rules, period, today):
    """How long a measure has been red, every day judged by timeliness.light itself."""
    state_on = _history(measure)

    def red(day):
        return light(state_on(day), day, rules, period) == "red"

    if not red(today):
        return None
    start = measure.start or period.start
    events = sorted(
        {e.date for e in measure.progress_log} | {c.date for c in measure.deadline_history}
    )
    high = today
    for low in [*(d for d in reversed(events) if d <= today), start]:
        low = max(low, start)
        if not red(low):
            while (high - low).days > 1:
                middle = low + (high - low) // 2
                low, high = (low, middle) if red(middle) else (middle, high)
            return high
        if low <= start or not red(low - dt.timedelta(days=1)):
            return low
        high = low - dt.timedelta(days=1)
    return start


@pytest.mark.parametrize(
    "red",
    [
        None,
        ["overdue"],
        ["overdue", "far_behind", "stale"],
        ["overdue", "far_behind", "due_soon"],
        ["overdue", "due_soon", "stale", "delayed"],
        ["stale", "due_soon"],
        ["behind", "far_behind", "delayed", "stale"],
    ],
)
def test_days_red_are_those_the_light_rules_give(plan_copy, red):
    ledger = load_ledger(plan_copy)
    if red is not None:
        ledger = dataclasses.replace(ledger, rules=ledger.rules.model_copy(update={"red": red}))
    found = 0
    for today in TODAYS:
        days = RedDays(ledger, today)
        for _group, _task, measure in ledger.each_measure():
            expected = _red_since_by_light(measure, ledger.rules, ledger.plan.period, today)
            assert days.since(measure) == expected, (measure.id, today)
            found += expected is not None
    assert found  # some measure was red


@pytest.mark.parametrize("red", [None, ["overdue", "far_behind", "stale"], ["stale", "due_soon"]])
def test_days_red_read_from_the_plain_logs_are_those_of_the_built_ones(plan_copy, red):
    loaded, plain = load_ledger(plan_copy), restored(plan_copy)
    if red is not None:
        loaded, plain = (
            dataclasses.replace(ledger, rules=ledger.rules.model_copy(update={"red": red}))
            for ledger in (loaded, plain)
        )
    found = 0
    for today in TODAYS:
        built, cheap = RedDays(loaded, today), RedDays(plain, today)
        for _group, _task, measure in plain.each_measure():
            assert measure.progress_log == [] or plain_of(measure.progress_log) is not None
            expected = built.since(loaded.measures[measure.id][1])
            assert cheap.since(measure) == expected, (measure.id, today)
            assert measure.progress_log == [] or plain_of(measure.progress_log) is not None
            found += expected is not None
    assert found


DAYS = st.dates(D(2023, 1, 1), D(2027, 12, 31))


@settings(max_examples=400, deadline=None)
@given(
    red=st.lists(st.sampled_from(CONDITIONS), min_size=1, unique=True),
    status=st.sampled_from(["not_started", "in_progress", "delayed", "done", "cancelled"]),
    progress=st.integers(0, 100),
    last=st.none() | DAYS,
    deadline=DAYS,
    start=st.none() | DAYS,
    points=st.lists(st.tuples(DAYS, st.integers(0, 100)), max_size=3),
    due=st.none() | DAYS,
    day=DAYS,
    numbers=st.tuples(
        st.integers(0, 60), st.integers(0, 60), st.integers(1, 40), st.integers(1, 40)
    ),
)
def test_the_red_test_is_the_light_rules_red(
    red, status, progress, last, deadline, start, points, due, day, numbers
):
    stale, soon, behind, serious = numbers
    rules = Rules(
        stale_days=stale,
        due_soon_days=soon,
        behind_points=behind,
        serious_points=serious,
        red=red,
        yellow=[],
    )
    period = Period(start=D(2024, 1, 1), end=D(2026, 12, 31))
    knots = tuple(sorted(points))
    state = _Then(status, progress, last, deadline, start, knots, due)
    is_red = red_test(rules, period)
    assert is_red(state, day) == (light(state, day, rules, period) == "red")


ENTRY = st.tuples(
    DAYS,
    st.none() | st.sampled_from(["not_started", "in_progress", "delayed", "done", "cancelled"]),
    st.none() | st.integers(0, 100),
)


@settings(max_examples=300, deadline=None)
@given(
    red=st.sampled_from(
        [["overdue", "far_behind"], ["overdue", "far_behind", "stale", "due_soon", "delayed"]]
    ),
    entries=st.lists(ENTRY, max_size=6),
    moves=st.lists(st.tuples(DAYS, DAYS), max_size=2),
    deadline=DAYS,
    start=st.none() | DAYS,
    today=DAYS,
    numbers=st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(1, 40)),
)
def test_days_red_found_from_each_rules_first_day_are_the_bisections(
    red, entries, moves, deadline, start, today, numbers
):
    """A steady measure's first red day after a change, found from the day each red condition
    begins to hold, is the day bisection finds, whatever its log and deadline changes."""
    stale, soon, serious = numbers
    rules = Rules(stale_days=stale, due_soon_days=soon, serious_points=serious, red=red, yellow=[])
    period = Period(start=D(2024, 1, 1), end=D(2026, 12, 31))
    log = [
        {"date": day, "note": "推进。", "status": status, "progress": progress}
        for day, status, progress in sorted(entries, key=lambda entry: entry[0])
    ]
    changes, previous = [], deadline
    for day, new in sorted(moves):
        changes.append({"date": day, "previous": previous, "new": new, "reason": "调整。"})
        previous = new
    subject = Measure(
        id="g1-t1-m1",
        text="一项措施。",
        lead_unit="区教育局",
        deadline=previous,
        start=start,
        status="in_progress",
        progress=0,
        progress_log=log,
        deadline_history=changes,
    )

    class Plan:
        pass

    ledger = Plan()
    ledger.rules, ledger.plan = rules, Plan()
    ledger.plan.period = period
    expected = _red_since_by_light(subject, rules, period, today)
    assert RedDays(ledger, today).since(subject) == expected
