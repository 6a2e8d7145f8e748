"""Queries over measures: filters as small frozen values with a `matches`, combined with AND. Pure.

Depends on ledger, names and timeliness; never prints or exits. A query returns a new list and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import UsageError
from ..vocabulary import CADENCE_LABELS, STATUS_LABELS
from .digest import MeasureFacts, TaskFacts
from .filters import (
    CadenceFilter,
    DueWithinFilter,
    Filter,
    GroupFilter,
    OverdueFilter,
    PersonFilter,
    SearchFilter,
    StatusFilter,
    TaskFilter,
    UnitFilter,
)
from .kinds import KindFilter, parse_kinds
from .ledger import Ledger
from .models import Group, Measure, Task, status_value
from .names import find_group, find_task, in_natural_order, listed, natural_keys, unit_argument
from .supervision_query import ClosingFilter, UnacknowledgedFilter

SORT_KEYS: dict[str, str] = {
    "id": "按编号（方案顺序）",
    "deadline": "按完成时限，早的在前",
    "unit": "按牵头单位（单位名录顺序）",
}


Row = tuple[Group, Task, Measure]
Found = tuple[TaskFacts, MeasureFacts]  # a matching measure's digest with its task's


@dataclass(frozen=True)
class Query:
    """Filters combined with AND, and a sort order."""

    filters: tuple[Filter, ...] = ()
    sort: str = "id"

    def run(self, ledger: Ledger, today: dt.date) -> list[Row]:
        """Return the matching measures with their task and group, as a new sorted list."""
        chosen = self._candidates(ledger, today)
        # Only the tasks that can match are rebuilt from the cache (a unit's list reads its own),
        # each let go unless a measure of it matches.
        scanned = ledger.each_measure() if chosen is None else _measures_of(ledger, chosen)
        rows = [row for row in scanned if all(f.matches(*row, today) for f in self.filters)]
        return sort_rows(rows, self.sort, ledger)

    def run_digests(self, ledger: Ledger, today: dt.date) -> list[Found] | None:
        """The matching measures' digests with their tasks', sorted as `run` sorts; None when a
        filter must read the records (a person, a text) and so `run` has to answer."""
        judges = [getattr(f, "on_digest", None) for f in self.filters]
        if None in judges:
            return None
        chosen = self._candidates(ledger, today)
        index = ledger.index
        tasks = index.tasks.values() if chosen is None else map(index.tasks.__getitem__, chosen)
        if judges:
            found = [
                (task, measure)
                for task in tasks
                for measure in task.measures
                if all(judge(task, measure, today) for judge in judges)
            ]
        else:  # no condition: every measure, without asking an empty list of judges of each
            found = [(task, measure) for task in tasks for measure in task.measures]
        # Measures read task after task in file order keep the index's order, a subset as well.
        ordered = getattr(index, "in_id_order", None) is True
        return sort_rows(found, self.sort, ledger, measure_of=_second, ordered=ordered)

    def _candidates(self, ledger: Ledger, today: dt.date) -> list[str] | None:
        chosen: list[str] | None = None
        for found in (f.candidates(ledger.index, today) for f in self.filters):
            if found is not None:
                wanted = set(found)
                chosen = found if chosen is None else [t for t in chosen if t in wanted]
        return chosen

    def describe(self) -> list[str]:
        """Each condition in words."""
        return [f.describe() for f in self.filters]


def _measures_of(ledger: Ledger, task_ids: list[str]) -> Iterator[Row]:
    for task_id in task_ids:
        task = ledger.task_passing(task_id)
        group = ledger.groups[task.group]
        for measure in task.measures:
            yield group, task, measure


def _third(row: Row) -> Measure:
    return row[2]


def _second(found: Found) -> MeasureFacts:
    return found[1]


def sort_rows(rows: list, sort: str, ledger: Ledger, measure_of: Callable = _third,
              ordered: bool = False) -> list:  # fmt: skip
    """Return rows sorted by id, deadline or lead unit (ties in id order); `measure_of` gives a
    row's measure (a record or a digest: both carry the id, deadline and lead unit); `ordered`:
    the rows are known to be in id order."""
    ids = [] if ordered else [measure_of(row).id for row in rows]
    # Rows already in id order (a whole listing, read in plan order) are kept as they are.
    if ordered or in_natural_order(ids):
        by_id = list(rows)
    else:
        keys = natural_keys(ids)
        order = sorted(range(len(rows)), key=keys.__getitem__)
        by_id = [rows[at] for at in order]
    if sort == "deadline":
        return sorted(by_id, key=lambda row: measure_of(row).deadline)
    if sort == "unit":
        order = {name: index for index, name in enumerate(ledger.registry.units)}
        canonical = ledger.registry.canonical
        return sorted(
            by_id,
            key=lambda row: order.get(canonical(measure_of(row).lead_unit), len(order)),
        )
    return by_id


@dataclass(frozen=True)
class QueryOptions:
    """What the user asked for, as typed; `build_query` checks it against the ledger."""

    group: str | None = None
    task: str | None = None
    unit: str | None = None
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    due_within: str | None = None
    person: str | None = None
    search: str | None = None
    sort: str = "id"
    kinds: tuple[str, ...] = ()
    cadences: tuple[str, ...] = ()
    unacknowledged: bool = False
    closing: bool = False


def build_query(ledger: Ledger, options: QueryOptions) -> Query:
    """Check every option and build the query; a usage error names what is wrong and what is valid."""
    filters: list[Filter] = []
    sort = parse_sort(options.sort)
    if options.group is not None:
        group = find_group(ledger, options.group)
        filters.append(GroupFilter(group.id, group.short_name))
    if options.task is not None:
        task = find_task(ledger, options.task)
        filters.append(TaskFilter(task.id, task.title))
    if options.unit is not None:
        canonical = unit_argument(ledger, options.unit)
        filters.append(UnitFilter(canonical, ledger.registry.spellings(canonical)))
    if options.statuses:
        filters.append(StatusFilter(parse_statuses(options.statuses)))
    if options.kinds:
        filters.append(KindFilter(parse_kinds(options.kinds)))
    if options.cadences:
        default = ledger.rules.reporting.cadence
        filters.append(CadenceFilter(parse_cadences(options.cadences), default))
    if options.overdue:
        filters.append(OverdueFilter())
    if options.due_within is not None:
        filters.append(DueWithinFilter(parse_days(options.due_within)))
    if options.person is not None:
        name = options.person.strip()
        if not name:
            raise UsageError.single(
                "--person 的值不能为空", hint="写责任人姓名，例如 --person 张三"
            )
        filters.append(PersonFilter(name))
    if options.search is not None:
        text = options.search.strip()
        if not text:
            raise UsageError.single(
                "--search 的值不能为空", hint="写要查找的文字，例如 --search 冷链"
            )
        filters.append(SearchFilter(text))
    if options.unacknowledged:
        filters.append(UnacknowledgedFilter(ledger.rules, ledger.registry.canonical))
    if options.closing:
        filters.append(ClosingFilter())
    return Query(tuple(filters), sort)


def parse_sort(text: str) -> str:
    """Return a valid sort key or a usage error listing the valid ones."""
    return choose("--sort", text, SORT_KEYS)


def parse_statuses(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Stored statuses for values given as stored value or Chinese label (commas allowed)."""
    return listed(values, _status, "--status", "推进中")


def _status(part: str) -> str:
    status = status_value(part)
    if status is None:
        choices = "、".join(f"{key}（{label}）" for key, label in STATUS_LABELS.items())
        raise UsageError.single(
            f"--status 的值“{part.strip()}”不是有效状态", hint=f"可用的状态：{choices}"
        )
    return status


def parse_cadences(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Cadences given as stored value or Chinese label (周报, 季报…; commas allowed)."""
    return listed(values, _cadence, "--cadence", "周报")


_CADENCE_WORDS = {
    **{v: v for v in CADENCE_LABELS},
    **{label: v for v, label in CADENCE_LABELS.items()},
}


def _cadence(part: str) -> str:
    key = part.strip()
    cadence = _CADENCE_WORDS.get(key.lower()) or _CADENCE_WORDS.get(key)
    if cadence is None:
        choices = "、".join(f"{k}（{label}）" for k, label in CADENCE_LABELS.items())
        raise UsageError.single(
            f"--cadence 的值“{key}”不是报送周期", hint=f"可用的报送周期：{choices}"
        )
    return cadence


def parse_days(text: str) -> int:
    """A non-negative whole number of days, or a usage error."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():
        return int(raw)
    raise UsageError.single(
        f"--due-within 的值“{text}”不是天数",
        hint="写一个不小于 0 的整数，例如 --due-within 30（今天起 30 天内到期）",
    )


def _bad_choice(option: str, text: str, choices: dict[str, str]) -> str:
    near = difflib.get_close_matches(text.strip().lower(), list(choices), n=1, cutoff=0.5)
    listed = "；".join(f"{key}：{meaning}" for key, meaning in choices.items())
    hint = (f"是不是想写：{near[0]}？" if near else "") + f"可选值——{listed}"
    raise UsageError.single(f"{option} 的值“{text}”无效", hint=hint)


def choose(option: str, text: str, choices: dict[str, str], aliases: dict[str, str] | None = None):
    """Return the choice named by `text` (case-insensitive, aliases allowed) or a usage error."""
    key = text.strip().lower()
    key = (aliases or {}).get(key, key)
    if key in choices:
        return key
    return _bad_choice(option, text, choices)
