"""The progress notice (进展通报) the office sends: totals, what finished, what is late, highlights.

Built from the ledger as it stood at the period's end and, for what changed in the period, from its git history (a
ChangesReport). Pure data; render/notice_md.py writes it as Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.figures import percent_of
from ..domain.lazy import collector_paused
from ..domain.lazylog import dated_with
from ..domain.ledger import Ledger
from ..domain.models import STATUSES, Measure
from ..domain.note_quality import NoteWarning
from ..domain.note_warnings import NotesWarnings
from ..domain.timeliness import days_overdue, is_overdue, light, reached_on
from .history import ChangesReport
from .status import GroupRow, build_status


@dataclass(frozen=True)
class Finished:
    """A measure done in the period."""

    measure_id: str
    group: str
    text: str
    lead_unit: str
    done_on: dt.date
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Late:
    """A measure past its deadline and not done, with who leads it."""

    measure_id: str
    group: str
    text: str
    lead_unit: str
    deadline: dt.date
    days: int
    status: str
    progress: int
    deadline_inferred: bool = False  # the plan gave none: ledger init took the plan's end


@dataclass(frozen=True)
class Highlight:
    """A progress entry the unit marked as worth telling others (经验亮点)."""

    measure_id: str
    lead_unit: str
    date: dt.date
    note: str


@dataclass(frozen=True)
class RedProblem:
    """A red measure with the problems and next steps its unit last stated (存在问题 · 下步计划)."""

    measure_id: str
    group: str
    text: str
    lead_unit: str
    stated_on: dt.date | None  # the entry that stated them; None: never stated
    problems: str | None
    next_steps: str | None


@dataclass(frozen=True)
class Notice:
    """What `ledger report` writes."""

    title: str
    since: dt.date
    until: dt.date
    measures: int
    counts: dict[str, int]
    groups: list[GroupRow]
    total: GroupRow
    finished: list[Finished] = field(default_factory=list)
    late: list[Late] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    changes: ChangesReport | None = None
    basis: str = ""  # what the figures were computed from, when not the files as they are
    red: list[RedProblem] = field(default_factory=list)
    quality: list[NoteWarning] = field(default_factory=list)  # 进展质量 warnings as of `until`

    def share(self, status: str) -> int:
        """A status's share in percent of the measures not cancelled, as 完成率 is (figures.py)."""
        return percent_of(
            self.counts.get(status, 0), self.measures - self.counts.get("cancelled", 0)
        )


def build_notice(
    ledger: Ledger,
    since: dt.date,
    until: dt.date,
    changes: ChangesReport | None,
    basis: str = "",
) -> Notice:
    """The notice for the period from `since` to `until` (both included), from the ledger as it
    stood at `until` (`basis` says where that ledger came from)."""
    scan = NoticeScan(ledger, since, until)
    scan.scan()
    return scan.notice(changes, basis)


class NoticeScan:
    """What a pass over the tasks finds for the notice: counts, what finished, what is late, the
    highlights, red measures and the notes' warnings. Two passes over parts of the tasks, merged in
    order, are one pass."""

    def __init__(self, ledger: Ledger, since: dt.date, until: dt.date) -> None:
        self.ledger, self.since, self.until = ledger, since, until
        self.counts = dict.fromkeys(STATUSES, 0)
        self.finished: list[Finished] = []
        self.late: list[Late] = []
        self.highlights: list[Highlight] = []
        self.red: list[RedProblem] = []
        self.notes = NotesWarnings(until, ledger.rules, ledger.plan.period)

    def scan(self, task_ids: list[str] | None = None) -> None:
        """Pass over the tasks (`task_ids`, in plan order; all when None), each rebuilt and let go."""
        ledger, since, until = self.ledger, self.since, self.until
        canonical = ledger.registry.canonical
        rules, period = ledger.rules, ledger.plan.period
        counts, notes = self.counts, self.notes
        with collector_paused():
            for group, _task, measure in ledger.each_measure(task_ids):
                counts[measure.status] += 1
                lead = canonical(measure.lead_unit)
                done = reached_on(measure, "done")
                if done is not None and since <= done <= until:
                    self.finished.append(
                        Finished(
                            measure.id,
                            group.short_name,
                            measure.text,
                            lead,
                            done,
                            tuple(measure.evidence),
                        )
                    )
                if is_overdue(measure, until):
                    self.late.append(
                        Late(
                            measure.id,
                            group.short_name,
                            measure.text,
                            lead,
                            measure.deadline,
                            days_overdue(measure, until),
                            measure.status,
                            measure.progress,
                            "deadline" in measure.inferred,
                        )
                    )
                if light(measure, until, rules, period) == "red":
                    self.red.append(_red_problem(measure, group.short_name, lead, until))
                self.highlights.extend(
                    Highlight(measure.id, lead, entry.date, entry.note)
                    for entry in dated_with(measure.progress_log, ("highlight",), until, since)
                )
                notes.add_measure(measure, lead)

    def part(self) -> tuple:
        """What this pass found, to send to the process that merges it."""
        found = (self.finished, self.late, self.highlights, self.red)
        return self.counts, found, self.notes.part()

    def merge(self, part: tuple) -> None:
        """Another pass's findings, over tasks after this one's."""
        counts, (finished, late, highlights, red), notes = part
        for status, count in counts.items():
            self.counts[status] += count
        self.finished += finished
        self.late += late
        self.highlights += highlights
        self.red += red
        self.notes.merge(notes)

    def notice(self, changes: ChangesReport | None, basis: str = "") -> Notice:
        """The notice, once scanned (see build_notice)."""
        ledger = self.ledger
        status = build_status(ledger, self.until)
        self.late.sort(key=lambda item: (-item.days, item.measure_id))
        self.finished.sort(key=lambda item: (item.done_on, item.measure_id))
        self.highlights.sort(key=lambda item: (item.date, item.measure_id))
        return Notice(
            ledger.plan.title,
            self.since,
            self.until,
            len(ledger.measures),
            self.counts,
            status.rows,
            status.total,
            self.finished,
            self.late,
            self.highlights,
            changes,
            basis,
            self.red,
            self.notes.warnings(),
        )


def _red_problem(measure: Measure, group: str, lead: str, until: dt.date) -> RedProblem:
    """The newest entry up to `until` stating a problem or a next step, if any."""
    stated = dated_with(measure.progress_log, ("problems", "next_steps"), until)
    last = max(stated, key=lambda entry: entry.date, default=None)
    if last is None:
        return RedProblem(measure.id, group, measure.text, lead, None, None, None)
    return RedProblem(
        measure.id, group, measure.text, lead, last.date, last.problems, last.next_steps
    )
