"""A unit's page (`ledger unit`) and the unit registry with counts (`ledger units`). Pure data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache, partial

from ..domain.filters import UnitFilter
from ..domain.ledger import Ledger
from ..domain.models import CLOSED_STATUSES, Rules, Task
from ..domain.names import natural_key, unit_argument
from ..vocabulary import ROLE_LABELS
from .listing import MeasureRow, measure_row, task_rows


@dataclass(frozen=True)
class UnitGroup:
    """A work group the unit belongs to, and whether it leads it."""

    id: str
    short_name: str
    name: str
    role: str  # "lead" (牵头单位) or "member" (成员单位)

    @property
    def role_label(self) -> str:
        """The role in Chinese."""
        return "牵头单位" if self.role == "lead" else "成员单位"


@dataclass(frozen=True)
class UnitMeasure:
    """A measure on a unit's page, with the unit's part in it."""

    role: str  # "lead" or "cooperating"
    row: MeasureRow

    @property
    def role_label(self) -> str:
        """The role in Chinese."""
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class UnitPage:
    """Everything about one unit: registry entry, groups, measures and what it owes now."""

    today: dt.date
    name: str
    written: str
    kind: str
    aliases: list[str]
    note: str | None
    contact_name: str | None
    contact_phone: str | None
    hosts_office: str | None
    groups: list[UnitGroup]
    measures: list[UnitMeasure]
    rules: Rules

    @property
    def alias_used(self) -> bool:
        """The unit was named by one of its aliases."""
        return self.written.strip() != self.name

    @property
    def lead(self) -> list[UnitMeasure]:
        """Measures the unit leads."""
        return [m for m in self.measures if m.role == "lead"]

    @property
    def cooperating(self) -> list[UnitMeasure]:
        """Measures the unit cooperates on."""
        return [m for m in self.measures if m.role == "cooperating"]

    @property
    def overdue(self) -> list[UnitMeasure]:
        """What it owes and is late with, most days late first."""
        return sorted(
            (m for m in self.measures if m.row.overdue), key=lambda m: -m.row.days_overdue
        )

    @property
    def unsigned(self) -> list[UnitMeasure]:
        """Work assigned to it that it has not acknowledged (未签收)."""
        return [m for m in self.measures if self.name in m.row.unacknowledged]

    @property
    def due_soon(self) -> list[UnitMeasure]:
        """What falls due within the rules' due-soon days, soonest first."""
        return sorted((m for m in self.measures if m.row.due_soon), key=lambda m: m.row.deadline)


def build_unit_page(ledger: Ledger, written: str, today: dt.date) -> UnitPage:
    """The page of the unit named `written` (canonical name or alias) as of `today`."""
    name = unit_argument(ledger, written)
    unit = ledger.registry.units[name]
    spellings = frozenset((name, *unit.aliases))
    groups = []
    for group in ledger.groups.values():
        if group.lead_unit in spellings:
            groups.append(UnitGroup(group.id, group.short_name, group.name, "lead"))
        elif any(member in spellings for member in group.member_units):
            groups.append(UnitGroup(group.id, group.short_name, group.name, "member"))
    measures = []
    chosen = UnitFilter(name, spellings)
    recent = _Recent(ledger)

    def named(measure) -> bool:
        return measure.lead_unit in spellings or not spellings.isdisjoint(measure.cooperating_units)

    # Only the tasks the digests say it is named in, their rows from the digests and cached row
    # data where the cache has them, else each task rebuilt and let go: a unit that leads a quarter
    # of a province keeps its rows, not a quarter of the province's records.
    for task_id in chosen.candidates(ledger.index, today):
        places = {m.id: at for at, m in enumerate(ledger.index.tasks[task_id].measures)}
        for row, measure in task_rows(ledger, today, task_id, named):
            role = "lead" if measure.lead_unit in spellings else "cooperating"
            at = places[measure.id]
            record = partial(recent.record, task_id, at, today)
            measures.append(UnitMeasure(role, replace(row, make_record=record)))
    measures.sort(key=lambda m: (m.role != "lead", natural_key(m.row.id)))
    office = ledger.plan.coordination_office
    hosts = (
        office.short_name
        if office is not None and ledger.registry.canonical(office.host_unit) == name
        else None
    )
    contact = unit.contact
    return UnitPage(
        today=today,
        name=name,
        written=written,
        kind=unit.kind,
        aliases=list(unit.aliases),
        note=unit.note,
        contact_name=contact.name if contact else None,
        contact_phone=contact.phone if contact else None,
        hosts_office=hosts,
        groups=groups,
        measures=measures,
        rules=ledger.rules,
    )


class _Recent:
    """JSON records of a unit's measures, made when asked: the task last rebuilt is kept for the
    next (a page asks in id order, so a task's measures come together), none before it."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.task: Task | None = None

    def record(self, task_id: str, at: int, today: dt.date) -> dict:
        """The record of the measure at position `at` of a task, as `ledger list` gives it."""
        task = self.task
        if task is None or task.id != task_id:
            task = self.task = self.ledger.task_passing(task_id)
        group = self.ledger.groups[task.group]
        return measure_row(self.ledger, group, task, task.measures[at], today).record


def unit_page_record(page: UnitPage) -> dict:
    """The unit page as JSON-ready data (measures in the shape of `ledger list --format json`)."""
    return {
        "as_of": page.today.isoformat(),
        "name": page.name,
        "written": page.written,
        "alias_used": page.alias_used,
        "kind": page.kind,
        "aliases": page.aliases,
        "note": page.note,
        "contact": {"name": page.contact_name, "phone": page.contact_phone},
        "hosts_office": page.hosts_office,
        "groups": [
            {"id": g.id, "short_name": g.short_name, "name": g.name, "role": g.role}
            for g in page.groups
        ],
        "lead_measures": [m.row.record for m in page.lead],
        "cooperating_measures": [m.row.record for m in page.cooperating],
        "overdue": [m.row.id for m in page.overdue],
        "due_soon": [m.row.id for m in page.due_soon],
        # Only when it owes one: a ledger without supervised work shows what it did before.
        **({"unacknowledged": [m.row.id for m in page.unsigned]} if page.unsigned else {}),
    }


@dataclass(frozen=True)
class UnitSummary:
    """One registered unit with how much of the plan it carries."""

    name: str
    kind: str
    aliases: list[str]
    note: str | None
    contact_name: str | None
    contact_phone: str | None
    groups: list[str]
    lead_groups: list[str]
    lead_measures: int
    cooperating_measures: int
    open_measures: int
    overdue: int


@dataclass(frozen=True)
class UnitsReport:
    """The unit registry with counts, as `ledger units` shows it."""

    today: dt.date
    units: list[UnitSummary]


def build_units(ledger: Ledger, today: dt.date) -> UnitsReport:
    """Every registered unit in registry order, with its groups and measure counts."""
    # Counted from the digests, never rebuilding a record: a province has a hundred thousand.
    canonical = cache(ledger.registry.canonical)  # a province names a few hundred units
    # For each unit: measures it leads, cooperates on, has open, and of these overdue.
    leads: dict[str, int] = {}
    cooperates: dict[str, int] = {}
    open_count: dict[str, int] = {}
    overdue_count: dict[str, int] = {}
    for _task, facts in ledger.index.measures():
        is_open = facts.status not in CLOSED_STATUSES
        overdue = is_open and today > facts.deadline
        lead = canonical(facts.lead_unit)
        leads[lead] = leads.get(lead, 0) + 1
        open_count[lead] = open_count.get(lead, 0) + is_open
        overdue_count[lead] = overdue_count.get(lead, 0) + overdue
        if not facts.cooperating_units:
            continue
        for unit in dict.fromkeys(map(canonical, facts.cooperating_units)):
            cooperates[unit] = cooperates.get(unit, 0) + 1
            open_count[unit] = open_count.get(unit, 0) + is_open
            overdue_count[unit] = overdue_count.get(unit, 0) + overdue
    in_groups: dict[str, set[str]] = {}
    led_groups: dict[str, set[str]] = {}
    for group in ledger.groups.values():
        led_groups.setdefault(group.lead_unit, set()).add(group.id)
        for spelling in (group.lead_unit, *group.member_units):
            in_groups.setdefault(spelling, set()).add(group.id)
    order = {group_id: index for index, group_id in enumerate(ledger.groups)}
    summaries = []
    for name, unit in ledger.registry.units.items():
        spellings = (name, *unit.aliases)
        member_of = set().union(*(in_groups.get(s, ()) for s in spellings))
        leader_of = set().union(*(led_groups.get(s, ()) for s in spellings))
        contact = unit.contact
        summaries.append(
            UnitSummary(
                name=name,
                kind=unit.kind,
                aliases=list(unit.aliases),
                note=unit.note,
                contact_name=contact.name if contact else None,
                contact_phone=contact.phone if contact else None,
                groups=sorted(member_of, key=order.__getitem__),
                lead_groups=sorted(leader_of, key=order.__getitem__),
                lead_measures=leads.get(name, 0),
                cooperating_measures=cooperates.get(name, 0),
                open_measures=open_count.get(name, 0),
                overdue=overdue_count.get(name, 0),
            )
        )
    return UnitsReport(today, summaries)


def units_record(report: UnitsReport) -> list[dict]:
    """The registry with counts as JSON-ready data."""
    return [
        {
            "name": u.name,
            "kind": u.kind,
            "aliases": u.aliases,
            "note": u.note,
            "contact": {"name": u.contact_name, "phone": u.contact_phone},
            "groups": u.groups,
            "lead_groups": u.lead_groups,
            "lead_measures": u.lead_measures,
            "cooperating_measures": u.cooperating_measures,
            "open_measures": u.open_measures,
            "overdue": u.overdue,
        }
        for u in report.units
    ]
