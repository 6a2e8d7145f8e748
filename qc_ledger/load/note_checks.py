"""Note-quality warnings (domain/note_quality.py) placed in the files: file:line:column of each entry.

validate shows them for the newest entry of every open measure; review for the entries a change adds.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.note_quality import NoteWarning, ledger_warnings
from ..errors import Problem
from ..store.source import Locator


def ledger_note_warnings(ledger: Ledger, today: dt.date) -> list[NoteWarning]:
    """The warnings on the newest entry of each open measure, as of `today`."""
    canonical = ledger.registry.canonical
    measures = ((measure, canonical(measure.lead_unit)) for _, _, measure in ledger.iter_measures())
    return ledger_warnings(measures, today, ledger.rules, ledger.plan.period)


def located(
    ledger: Ledger, warnings: list[NoteWarning], locator: Locator | None = None
) -> list[Problem]:
    """Each warning as a Problem at its entry's field in the measure's task file."""
    locator = locator or Locator()
    problems = []
    for warning in warnings:
        task, _measure = ledger.measures[warning.measure_id]
        index = next(i for i, m in enumerate(task.measures) if m.id == warning.measure_id)
        loc = ("measures", index, "progress_log", warning.entry, warning.field)
        source = ledger.sources[task.id]
        problems.append(
            locator.problem(
                source, loc, warning.message, warning.hint, severity="warning", code=warning.code
            )
        )
    return problems


def note_problems(ledger: Ledger, today: dt.date) -> list[Problem]:
    """validate's note-quality warnings, each at its file:line:column."""
    return located(ledger, ledger_note_warnings(ledger, today))
