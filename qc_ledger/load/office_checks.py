"""What a well-formed data/office.yaml may still get wrong: unknown units, measures, repeated ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..domain.office_models import OfficeRecords
from ..domain.registry import Registry

# (location, message, hint, code); for an unknown unit the message is the name as written.
Finding = tuple[tuple, str, str | None, str]
_ONE_UNIT = ("responsibility_lists", "work_teams", "work_plans", "policy_requests", "reminders")


def office_findings(
    office: OfficeRecords, registry: Registry, measure_ids: set[str]
) -> Iterator[Finding]:
    """Each problem of the office's records, located in the file (`measure_ids`: every measure)."""
    for section in _ONE_UNIT:
        for index, item in enumerate(getattr(office, section)):
            if registry.resolve(item.unit) is None:
                yield (section, index, "unit"), item.unit, None, "unknown_unit"
    for index, inspection in enumerate(office.inspections):
        for position, unit in enumerate(inspection.units):
            if registry.resolve(unit) is None:
                yield ("inspections", index, "units", position), unit, None, "unknown_unit"
        if inspection.rectification_status == "done" and inspection.rectified is None:
            yield (
                ("inspections", index, "rectification_status"),
                "整改状态为已完成，却没有整改完成日期",
                "写上 rectified: 整改完成的日期",
                "invalid",
            )
    for section in ("inspections", "policy_requests"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(office, section)):
            if item.id in seen:
                yield (
                    (section, index, "id"),
                    f"编号“{item.id}”重复",
                    "每条记录用不同的编号",
                    "duplicate_id",
                )
            seen.add(item.id)
    for index, reminder in enumerate(office.reminders):
        for position, measure_id in enumerate(reminder.measures):
            if measure_id not in measure_ids:
                near = difflib.get_close_matches(measure_id, sorted(measure_ids), n=3, cutoff=0.5)
                hint = f"最接近的编号：{'、'.join(near)}" if near else "用 ledger list 查看措施编号"
                loc = ("reminders", index, "measures", position)
                yield loc, f"没有编号为“{measure_id}”的措施", hint, "unknown_id"
