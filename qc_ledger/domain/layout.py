"""What `ledger fmt`'s canonical layout asks of a file's plain data beyond its lines: fields in the
models' order and unit names as the registry spells them. Pure: never reads a file.
"""

from __future__ import annotations

import functools

from .models import MODEL_FOR_KIND, Record, models_in
from .registry import Registry

# Where each kind of file names units: steps into its data ("*": every item of a list).
UNIT_FIELDS = {
    "plan": [("coordination_office", "host_unit")],
    "group": [("lead_unit",), ("member_units", "*")],
    "task": [("measures", "*", "lead_unit"), ("measures", "*", "cooperating_units", "*")],
    "units": [],
    "rules": [],
    "policy": [],
    "office": [
        ("responsibility_lists", "*", "unit"),
        ("work_teams", "*", "unit"),
        ("work_plans", "*", "unit"),
        ("inspections", "*", "units", "*"),
        ("policy_requests", "*", "unit"),
        ("reminders", "*", "unit"),
    ],
}


def in_order(node: object, model: type[Record]) -> bool:
    """Plain data whose fields fmt would leave where they are."""
    if not isinstance(node, dict):
        return True
    rank = _ranks(model)
    keys = list(node)
    if sorted(keys, key=lambda key: rank.get(key, len(rank))) != keys:
        return False
    for name, inner in _nested(model):
        value = node.get(name)
        if value is None:
            continue
        for child in value if isinstance(value, list) else [value]:
            if not in_order(child, inner):
                return False
    return True


def kind_in_order(kind: str, data: object) -> bool:
    """A file of this kind whose fields fmt would leave where they are."""
    return in_order(data, MODEL_FOR_KIND[kind])


@functools.cache
def _ranks(model: type[Record]) -> dict[str, int]:
    return {name: index for index, name in enumerate(model.model_fields)}


@functools.cache
def _nested(model: type[Record]) -> tuple[tuple[str, type[Record]], ...]:
    """The fields of a model that hold records, with the model of each."""
    found = []
    for name, info in model.model_fields.items():
        inner = models_in(info.annotation)
        if inner:
            found.append((name, inner[0]))
    return tuple(found)


def unit_names(kind: str, data: object) -> list[str]:
    """Every unit name written where fmt puts units in their canonical spelling, in file order."""
    found: list[str] = []
    for steps in UNIT_FIELDS[kind]:
        _collect(data, steps, found)
    return found


def _collect(node: object, steps: tuple, found: list[str]) -> None:
    head, rest = steps[0], steps[1:]
    if head == "*":
        if not isinstance(node, list):
            return
        values = node
    else:
        if not isinstance(node, dict) or head not in node:
            return
        values = [node[head]]
    for value in values:
        if rest:
            _collect(value, rest, found)
        elif isinstance(value, str):
            found.append(value)


def units_canonical(names: list[str] | tuple[str, ...], registry: Registry) -> bool:
    """No name among these is one fmt would replace by the registry's canonical name."""
    for name in names:
        found = registry.resolve(name)
        if found is not None and found.canonical != name:
            return False
    return True
