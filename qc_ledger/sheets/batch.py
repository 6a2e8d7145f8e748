"""Several measures of one task file changed in one edit, each by the update rules (a sheet import)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..domain.models import Period
from ..edit.patching import (
    Edit,
    _measure_lines,
    _measure_node,
    apply_update,
    check_new_text,
    open_task,
)
from ..edit.untouched import finish_edit, normalised_note
from ..edit.update_rules import UpdateRequest, plan_update


def update_measures(
    path: Path,
    requests: list[tuple[str, UpdateRequest]],
    *,
    today: dt.date,
    author: str | None,
    period: Period,
    approval: bool = False,
) -> Edit:
    """Read the file as it is now and apply every request to its measure (call under the lock)."""
    old_bytes, old_text, task, document, baseline = open_task(path)
    measures = {measure.id: measure for measure in task.measures}
    allowed: set[int] = set()
    targets = []
    for measure_id, request in requests:
        node, index = _measure_node(document, measure_id, path)
        allowed.update(_measure_lines(document, index, old_text))
        targets.append((node, measures[measure_id], request))
    updates = []
    for node, measure, request in targets:
        update = plan_update(
            measure,
            request,
            today=today,
            author=author,
            period=period,
            task=task,
            approval=approval,
        )
        apply_update(node, update)
        updates.append(update)
    new_text, normalised = finish_edit(old_text, baseline, document, allowed, path)
    check_new_text(path, new_text)
    notes = normalised_note(normalised)
    return Edit(
        path,
        new_text,
        old_bytes,
        "task",
        updates[0].measure_id,
        updates[0],
        notes,
        updates=tuple(updates),
    )
