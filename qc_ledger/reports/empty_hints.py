"""Why an empty `list` may surprise: the one-line hints shown when no measure matches."""

from __future__ import annotations

from ..domain.filters import UnitFilter
from ..domain.ledger import Ledger
from ..domain.query import Query

HINT_GROUPS = 8  # the groups a hint names before it gives only their number


def empty_hints(ledger: Ledger, query: Query) -> tuple[str, ...]:
    """Why an empty result may surprise: a unit that carries no measure but sits in work groups."""
    hints = []
    for unit in (f for f in query.filters if isinstance(f, UnitFilter)):
        if ledger.index.tasks_naming(unit.spellings):
            continue
        groups = [
            group.short_name
            for group in ledger.groups.values()
            if group.lead_unit in unit.spellings
            or any(member in unit.spellings for member in group.member_units)
        ]
        where = ""
        if len(groups) > HINT_GROUPS:
            # A unit in thousands of a province's groups: the hint stays one line.
            named = "、".join(groups[:HINT_GROUPS])
            where = f"，但它是{named}…等 {len(groups)} 个工作组的成员单位"
        elif groups:
            where = f"，但它是 {len(groups)} 个工作组（{'、'.join(groups)}）的成员单位"
        hints.append(
            f"{unit.canonical}没有牵头或配合任何措施{where}；单位页：ledger unit {unit.canonical}"
        )
    return tuple(hints)
