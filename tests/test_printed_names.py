"""Names the tool prints are names it accepts: every unit's short name and alias, every group's short
name and every task's title work wherever a unit, group or task is expected."""

from __future__ import annotations

import json

from qc_ledger.domain.names import find_group, find_task, unit_argument
from qc_ledger.load.loader import load_ledger

from conftest import run_cli


def test_every_printed_unit_group_and_task_name_is_accepted(plan_copy):
    ledger = load_ledger(plan_copy)
    registry = ledger.registry
    for name, unit in registry.units.items():
        for printed in (name, registry.short(name), *unit.aliases):
            assert unit_argument(ledger, printed) == name, printed
    for group in ledger.groups.values():
        assert find_group(ledger, group.short_name) is group
        assert find_group(ledger, group.id) is group
    for task in ledger.tasks.values():
        assert find_task(ledger, task.title).id == task.id


def _ids(root, *args: str) -> list[str]:
    result = run_cli(root, "list", *args, "--format", "json", today="2025-06-30")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)["measures"]]


def test_list_by_a_short_name_lists_what_the_canonical_name_lists(plan_copy):
    by_short = _ids(plan_copy, "--unit", "区发改局")
    assert by_short and by_short == _ids(plan_copy, "--unit", "区发展改革局")
    assert _ids(plan_copy, "--unit", "公安分局")
