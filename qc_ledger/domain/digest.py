"""What the reports that scan every measure need of each task, small enough to keep for all of them.

A task's digest holds its id, group and title and, for each measure, the facts that decide where it
stands in time (status, progress, deadline, start, last report, cadence, milestones) and who carries
it. The status
report, the unit filter and the cross-file id checks read digests; a full record is rebuilt only
for the rows a command shows. Pure: never reads a file, prints or exits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .models import STATUSES, Task
from .supervision_models import CADENCES


class MeasureFacts(NamedTuple):
    """One measure as the time rules and the unit filter see it."""

    id: str
    lead_unit: str
    cooperating_units: tuple[str, ...]
    status: str
    progress: int
    deadline: dt.date
    start: dt.date | None
    last_reported: dt.date | None
    latest_dated: dt.date | None  # the newest date in the log or the deadline history
    cadence: str | None = None  # its own reporting cadence (None: the rules' default)
    pace_points: tuple[tuple[dt.date, int], ...] = ()  # milestones' (date, progress): 序时进度
    deliverable_due: dt.date | None = (
        None  # the first milestone whose deliverable is not in evidence
    )


class TaskFacts(NamedTuple):
    """One task's digest: its id, group, title and its measures' facts in file order."""

    id: str
    group: str
    title: str
    measures: tuple[MeasureFacts, ...]
    # A supervised item (it has a source) or a measure with closing steps: receipt and closing
    # are read from its full record; the plan's other tasks need not be rebuilt for them.
    supervised: bool = False


def supervised(task: Task) -> bool:
    """The task has a source, or some measure of it has a closing step."""
    return task.source is not None or any(m.closing for m in task.measures)


def facts_of(task: Task) -> TaskFacts:
    """The digest of a task record."""
    return TaskFacts(
        task.id,
        task.group,
        task.title,
        tuple(
            MeasureFacts(
                m.id,
                m.lead_unit,
                tuple(m.cooperating_units),
                m.status,
                m.progress,
                m.deadline,
                m.start,
                m.last_reported,
                latest_dated(m),
                m.cadence,
                m.pace_points,
                m.deliverable_due,
            )
            for m in task.measures
        ),
        supervised(task),
    )


def latest_dated(measure) -> dt.date | None:
    """The newest date a measure's progress log or deadline history gives, if any."""
    dates = [entry.date for entry in measure.progress_log]
    dates.extend(change.date for change in measure.deadline_history)
    return max(dates, default=None)


_STATUS_CODES = {status: code for code, status in enumerate(STATUSES)}


class Names:
    """Unit names as small numbers in stored digests: a province repeats a few hundred names."""

    def __init__(self, names: list[str] | None = None):
        self.names: list[str] = list(names or ())
        self._codes = {name: code for code, name in enumerate(self.names)}

    def code(self, name: str) -> int:
        """The number standing for a name, given it on first use."""
        found = self._codes.get(name)
        if found is None:
            found = self._codes[name] = len(self.names)
            self.names.append(name)
        return found


def _day(day: dt.date | None) -> int:
    return 0 if day is None else day.toordinal()  # no date has ordinal 0


def _plan_data(m: MeasureFacts) -> list | int:
    """Cadence and milestones as JSON values; 0 for the many measures that set neither."""
    if m.cadence is None and not m.pace_points and m.deliverable_due is None:
        return 0
    points = [[day.toordinal(), value] for day, value in m.pace_points]
    return [m.cadence, points, _day(m.deliverable_due)]


def to_data(facts: TaskFacts, names: Names) -> list:
    """A digest as compact JSON values: units by number, statuses by number, days as ordinals."""
    return [
        facts.id,
        facts.group,
        facts.title,
        [
            [m.id, names.code(m.lead_unit), [names.code(u) for u in m.cooperating_units],
             _STATUS_CODES[m.status], m.progress, m.deadline.toordinal(), _day(m.start),
             _day(m.last_reported), _day(m.latest_dated), _plan_data(m)]
            for m in facts.measures
        ],
        int(facts.supervised),
    ]  # fmt: skip


class _Days(dict):
    """Dates by ordinal, each made once: a province's measures share a few thousand days."""

    def __missing__(self, ordinal: int) -> dt.date | None:
        day = self[ordinal] = dt.date.fromordinal(ordinal) if ordinal else None
        return day


_new = tuple.__new__  # a NamedTuple from a ready tuple, without its Python-level __new__


def from_data(data: list, names: list[str], days: dict | None = None) -> TaskFacts:
    """A digest from what `to_data` gave; ValueError, TypeError or IndexError when it is not one.

    `days` (from `day_table`) shares date objects between the digests of one load.
    """
    task_id, group, title, measures, watched = data
    if not isinstance(task_id, str) or not isinstance(group, str) or not isinstance(title, str):
        raise TypeError("digest")
    day = (_Days() if days is None else days).__getitem__
    name = names.__getitem__
    made = [
        _new(MeasureFacts, (
            mid, names[lead], tuple(map(name, cooperating)) if cooperating else (),
            STATUSES[status], progress, day(deadline) or _no_day(), day(start), day(last),
            day(latest), *(_plan(planned, day) if planned else _NO_PLAN),
        ))
        for mid, lead, cooperating, status, progress, deadline, start, last, latest, planned
        in measures
    ]  # fmt: skip
    return _new(TaskFacts, (task_id, group, title, tuple(made), bool(watched)))


_NO_PLAN = (None, (), None)


def _plan(planned: list, day) -> tuple:
    """Cadence, milestones' (date, progress) and the first deliverable due, from `_plan_data`."""
    cadence, points, due = planned
    if cadence is not None and cadence not in CADENCES:
        raise ValueError("digest cadence")
    return cadence, tuple((day(at), value) for at, value in points), day(due)


def day_table() -> dict:
    """A table of dates by ordinal to share between `from_data` calls."""
    return _Days()


def _no_day() -> dt.date:
    raise ValueError("a measure's deadline is missing from its digest")


class TaskIndex:
    """Every task's digest in file order, with where each measure is and which tasks each group has."""

    def __init__(self, digests: Iterable[TaskFacts]):
        self.tasks: dict[str, TaskFacts] = {}
        self.by_group: dict[str, list[str]] = {}
        self._measure_at: dict[str, tuple[str, int]] | None = None
        self._position: dict[str, int] | None = None
        for facts in digests:
            self.tasks[facts.id] = facts
            self.by_group.setdefault(facts.group, []).append(facts.id)

    @property
    def measure_at(self) -> dict[str, tuple[str, int]]:
        """Each measure's task and position in it, made on first use (status needs none)."""
        if self._measure_at is None:
            self._measure_at = {}
            for facts in self.tasks.values():
                for position, measure in enumerate(facts.measures):
                    self._measure_at.setdefault(measure.id, (facts.id, position))
        return self._measure_at

    def measure_count(self) -> int:
        """How many measures the tasks hold, without indexing them."""
        return sum(len(facts.measures) for facts in self.tasks.values())

    def supervised_ids(self) -> list[str]:
        """The tasks, in file order, whose digests say they are supervised."""
        return [facts.id for facts in self.tasks.values() if facts.supervised]

    @property
    def position(self) -> dict[str, int]:
        """Each task's place in file order, made on first use."""
        if self._position is None:
            self._position = {task_id: at for at, task_id in enumerate(self.tasks)}
        return self._position

    @classmethod
    def of(cls, tasks: Iterable[Task]) -> TaskIndex:
        """The index of task records."""
        return cls(facts_of(task) for task in tasks)

    def measures(self) -> Iterator[tuple[TaskFacts, MeasureFacts]]:
        """Every measure's facts with its task's, in file order."""
        for facts in self.tasks.values():
            for measure in facts.measures:
                yield facts, measure

    def tasks_naming(self, spellings: frozenset[str]) -> list[str]:
        """The tasks, in file order, with a measure that any of these unit names leads or joins."""
        return [
            facts.id
            for facts in self.tasks.values()
            if any(
                m.lead_unit in spellings or not spellings.isdisjoint(m.cooperating_units)
                for m in facts.measures
            )
        ]


# The shape of `row_data`: a row stored in another shape (an older cache) is not read, but rebuilt.
ROW_FORMAT = 2


def _iso(day: object) -> str:
    return day if isinstance(day, str) else day.isoformat()  # a date not yet written as text


def row_data(task: dict) -> list:
    """What a listed row shows of each measure and its digest lacks, from a task's checked data:
    first what a table shows (text, person, an inferred deadline), then the rest (leader,
    deliverable, its newest entry: date, note, problems, next steps), so that a listing need not
    rebuild the task with its whole log, and a table need not decode the rest."""
    shown, rest = [], []
    for measure in task["measures"]:
        newest = None
        # As `last_entry` picks it: the latest date, the last in the log among entries of that day.
        for entry in reversed(measure.get("progress_log") or ()):
            if newest is None or _iso(entry["date"]) > newest[0]:
                newest = [_iso(entry["date"]), entry["note"], entry.get("problems"),
                          entry.get("next_steps")]  # fmt: skip
        shown.append([measure["text"], measure.get("responsible_person"),
                      int("deadline" in (measure.get("inferred") or ()))])  # fmt: skip
        rest.append([measure.get("responsible_leader"), measure.get("deliverable"), newest])
    return [ROW_FORMAT, shown, rest]


_HEAD = f"[{ROW_FORMAT},"
_scan = json.JSONDecoder().raw_decode


def row_of_text(text: bytes) -> object:
    """A row as stored (`row_data` in compact JSON) with only what a table shows decoded, the
    rest kept as its JSON text for `briefs_of`; ValueError when it is not JSON."""
    line = text.decode()
    if not line.startswith(_HEAD):
        return json.loads(line)  # another shape: given as it is, and not read as a row
    shown, end = _scan(line, len(_HEAD))
    if line[end : end + 1] != "," or not line.endswith("]"):
        raise ValueError("row")
    return [ROW_FORMAT, shown, line[end + 1 : -1]]


class MeasureBrief(NamedTuple):
    """What a listed row shows of a measure besides its digest (see `row_data`)."""

    text: str
    responsible_person: str | None
    responsible_leader: str | None
    deliverable: str | None
    deadline_inferred: bool
    last_report: dt.date | None
    last_note: str | None
    last_problems: str | None
    last_next_steps: str | None


def briefs_of(data: object, count: int) -> list[MeasureBrief] | None:
    """The measures' briefs from what `row_data` (or `row_of_text`) gave, or None when it is not
    one for `count`."""
    shown = _shown_rows(data, count)
    if shown is None:
        return None
    made = []
    try:
        rest = json.loads(data[2]) if isinstance(data[2], str) else data[2]
        if not isinstance(rest, list) or len(rest) != count:
            return None
        for (text, person, inferred), (leader, deliverable, newest) in zip(
            shown, rest, strict=True
        ):
            if newest is None:
                last = (None, None, None, None)
            else:
                day, note, problems, steps = newest
                last = (dt.date.fromisoformat(day), note, problems, steps)
            made.append(_new(MeasureBrief, (text, person, leader, deliverable, bool(inferred),
                                            *last)))  # fmt: skip
    except (TypeError, ValueError, RecursionError):
        return None
    return made


def _shown_rows(data: object, count: int) -> list | None:
    rows = shown_part(data)
    return rows if rows is not None and len(rows) == count else None


def shown_of(data: object, count: int) -> list[tuple] | None:
    """Each measure's text, responsible person and whether its deadline was inferred, from what
    `row_data` gave (what a table shows of its brief), or None when it is not one for `count`."""
    return shown_listed(shown_part(data), count)


def shown_listed(rows: object, count: int) -> list[tuple] | None:
    """`shown_of` of a row's first part alone (`shown_part`: what a snapshot keeps of it)."""
    if not isinstance(rows, list) or len(rows) != count:
        return None
    try:
        return [(text, person, inferred) for text, person, inferred in rows]
    except (TypeError, ValueError):
        return None


def shown_part(data: object) -> list | None:
    """What a table shows of a task's measures, from `row_data` or its stored text (`row_of_text`):
    the row's first part, or None when it is not a row."""
    if not isinstance(data, list) or len(data) != 3 or data[0] != ROW_FORMAT:
        return None
    return data[1] if isinstance(data[1], list) else None
