"""Use cases that add to the office's records (data/office.yaml): a reminder round, or any records."""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from .outcome import Outcome, WriteOptions, run_edits


def record_reminders(
    ledger: Ledger,
    units: list[tuple[str, list[str]]],
    *,
    today: dt.date,
    options: WriteOptions,
) -> Outcome:
    """Record in data/office.yaml that each unit was reminded of its measures today."""
    from ..edit.office_edits import reminder_items

    lines = [f"{unit}：{'、'.join(measures)}" for unit, measures in units]
    message = f"催办记录：{len(units)} 个单位（{today}）\n\n" + "\n".join(lines) + "\n"
    items = reminder_items(today, units)
    return add_office_records(ledger, "reminders", items, message, options=options)


def add_office_records(
    ledger: Ledger,
    section: str,
    items: list[dict],
    message: str,
    *,
    options: WriteOptions,
) -> Outcome:
    """Append records to one list of data/office.yaml as one transaction."""
    from ..edit.office_edits import append_records

    return run_edits(
        ledger,
        lambda _signer: [append_records(ledger.root, section, items)],
        lambda _edits: message,
        options,
    )
