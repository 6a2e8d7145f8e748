"""The reminders use case: which unit owes which report as of a day.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger


def owed_reports(ledger: Ledger, today: dt.date, unit: str | None = None):
    """Every unit that owes a report as of `today` (or just `unit`): reports/reminders.py, a
    province's tasks passed over in two processes (see forked.in_halves)."""
    from ..reports.reminders import ReminderScan
    from .forked import in_halves

    return in_halves(ledger, lambda: ReminderScan(ledger, today)).report(unit)
