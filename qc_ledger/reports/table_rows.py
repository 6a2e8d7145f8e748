"""The measure table's rows: only what its columns show, made straight from digests and row briefs."""

from __future__ import annotations

import datetime as dt
from functools import cache, partial
from typing import TYPE_CHECKING, NamedTuple

from ..domain.digest import shown_listed, shown_of
from ..domain.lazy import Memo, collector_paused
from ..domain.timeliness import Standing
from ..vocabulary import (
    DEADLINE_INFERRED,
    DUE_TODAY,
    MILESTONE_MISSED,
    OVERDUE,
    PACE_LABELS,
    STALE,
)

if TYPE_CHECKING:
    from ..domain.ledger import Ledger
    from ..domain.query import Found

DASH = "-"
_new = tuple.__new__  # a NamedTuple from a ready tuple, without its Python-level __new__


class TableRow(NamedTuple):
    """One measure as the table shows it: its cells' texts and its flags as of the day."""

    light: str | None
    id: str
    place: str  # under the id: its group's short name, or an item's source kind
    task_title: str
    text: str
    lead_unit: str
    lead_unit_short: str
    person: str  # the responsible person, or a dash
    deadline: str
    status: str
    progress: int
    flags: tuple[str, ...]
    item: bool  # not a plan measure (the id column's header then names the source)


def table_rows(
    ledger: Ledger, today: dt.date, found: list[Found], tally: dict[str, int] | None = None
) -> list[TableRow] | None:
    """The table rows of measures given by their digests, in the given order, from their digests
    and cached row briefs alone; None when a task has no usable brief or is supervised (its rows
    then come from records, as `listing.measure_row` makes them). When the rows made are the
    measures found, `tally` gets how many are overdue, due soon and stale (`Listing.counts`)."""
    sketch = getattr(ledger.tasks, "sketch", None)
    # A plan task whose work needs receipts is listed from its record: the record tells who owes.
    if sketch is None or "plan" in ledger.rules.receipt.kinds:
        return None
    # What a table shows of each task, decoded in one go from a snapshot that stores it.
    glance = getattr(ledger.tasks, "glance", None)
    rules = ledger.rules
    standing = Standing(today, rules, ledger.plan.period).listed
    canonical, short = cache(ledger.registry.canonical), cache(ledger.registry.short)
    # Only the listed tasks' groups are read: a restored province builds a group when read.
    places = Memo(partial(_short_name, ledger))
    far, behind = PACE_LABELS["far_behind"], PACE_LABELS["behind"]
    tasks = ledger.index.tasks
    # Words and dates a province's rows share, each made once.
    late = Memo(lambda days: f"{OVERDUE}{days}天")
    due = Memo(lambda days: DUE_TODAY if days == 0 else f"{days}天后到期")
    iso = Memo(dt.date.isoformat)
    made: dict[str, TableRow] = {}
    overdues = soons = stales = 0
    with collector_paused():
        for task_id in dict.fromkeys(facts.id for facts, _measure in found):
            facts = tasks[task_id]
            if facts.supervised:
                return None
            count = len(facts.measures)
            briefs = None if glance is None else shown_listed(glance(task_id), count)
            if briefs is None:
                briefs = shown_of(sketch(task_id), count)
                if briefs is None:
                    return None
            place, title = places[facts.group], facts.title
            for m, (text, person, inferred) in zip(facts.measures, briefs, strict=True):
                left = (m.deadline - today).days
                shade, step, overdue, soon, stale, missed = standing(m)
                # The words and order of `MeasureRow.flags` for a plan measure (no receipt, no request).
                words = []
                if overdue:
                    words.append(late[-left])
                    overdues += 1
                if soon:
                    words.append(due[left])
                    soons += 1
                if step == "far_behind":
                    words.append(far)
                elif step == "behind":
                    words.append(behind)
                if missed:
                    words.append(MILESTONE_MISSED)
                if stale:
                    words.append(STALE)
                    stales += 1
                if inferred:
                    words.append(DEADLINE_INFERRED)
                made[m.id] = _new(TableRow, (
                    shade, m.id, place, title, text, canonical(m.lead_unit),
                    short(m.lead_unit), person or DASH, iso[m.deadline],
                    m.status, m.progress, tuple(words), False,
                ))  # fmt: skip
    # Every row made is one found (a whole listing, or whole tasks): the counts are the listing's.
    if tally is not None and len(made) == len(found):
        tally.update(overdue=overdues, due_soon=soons, stale=stales)
    return [made[measure.id] for _facts, measure in found]


def _short_name(ledger: Ledger, group_id: str) -> str:
    """A group's short name, told by a restored ledger without building the group's record."""
    glance = getattr(ledger.groups, "glance", None)
    name = None if glance is None else glance(group_id)
    return name if isinstance(name, str) else ledger.groups[group_id].short_name
