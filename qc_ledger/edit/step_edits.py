"""Receipts and closing steps patched into a task file: one or several of its measures in one edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain.models import Measure, Task
from .patching import Edit, _measure_lines, _measure_node, apply_update, check_new_text, open_task
from .untouched import finish_edit, normalised_note
from .update_rules import MeasureUpdate

Planner = Callable[[Task, Measure], MeasureUpdate | None]


def patch_measures(path: Path, measure_ids: list[str], plan: Planner) -> Edit | None:
    """Read the file as it is now and apply each measure's planned step (call under the lock).

    None when no measure has anything to append (each was acknowledged already).
    """
    old_bytes, old_text, task, document, baseline = open_task(path)
    measures = {measure.id: measure for measure in task.measures}
    allowed: set[int] = set()
    updates = []
    for measure_id in measure_ids:
        node, index = _measure_node(document, measure_id, path)
        update = plan(task, measures[measure_id])
        if update is None:
            continue
        allowed.update(_measure_lines(document, index, old_text))
        apply_update(node, update)
        updates.append(update)
    if not updates:
        return None
    new_text, normalised = finish_edit(old_text, baseline, document, allowed, path)
    check_new_text(path, new_text)
    return Edit(
        path,
        new_text,
        old_bytes,
        "task",
        updates[0].measure_id,
        updates[0],
        normalised_note(normalised),
        updates=tuple(updates),
    )
