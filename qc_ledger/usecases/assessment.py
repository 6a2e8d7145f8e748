"""The assessment use case: every unit's and group's score for a year.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger


def scored(ledger: Ledger, today: dt.date, year: int | None = None):
    """Every unit and group scored (reports/assess.py), a province's tasks passed over in two
    processes (see forked.in_halves)."""
    from ..reports.assess import Scorer
    from .forked import in_halves

    return in_halves(ledger, lambda: Scorer(ledger, today, year)).result()
