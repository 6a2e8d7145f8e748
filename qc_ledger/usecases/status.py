"""ledger status: the report, its counts over every measure kept for the next run on the same day.

A ledger restored whole from the snapshot (no file checked again) is the one the snapshot was
written from, so what `tally_status` worked out from it as of a day holds for as long as that
snapshot does: the counts are kept in the private cache under the snapshot's stamp and the day, and
a later status of that day reads them instead of judging every measure again.
"""

from __future__ import annotations

import datetime as dt
import json

from ..domain.ledger import Ledger
from ..load.cache import private
from ..reports.status import StatusReport, StatusTally, build_status, tally_status


def status_report(ledger: Ledger, day: dt.date, limit: int | None, basis: str = "",
                  *, keep: bool = True) -> StatusReport:  # fmt: skip
    """The status report as of `day`; `keep`: the ledger is the one loaded (not narrowed), so
    its counts may be read from, and kept in, the cache."""
    stamp = getattr(ledger.index, "stamp", None) if keep else None
    if stamp is None or private.disabled():
        return build_status(ledger, day, limit, basis)
    name = private.path_for("status", str(ledger.root))
    key = private.code_key("status")
    mark = {"root": str(ledger.root), "stamp": stamp, "day": day.isoformat()}
    kept = _read(name, key, mark)
    if kept is not None:
        try:
            return build_status(ledger, day, limit, basis, kept)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            pass  # not in the shape this code keeps: worked out again
    tally = tally_status(ledger, day)
    report = build_status(ledger, day, limit, basis, tally)
    try:
        text = json.dumps({**mark, "tally": tally.data()}, ensure_ascii=False,
                          separators=(",", ":"))  # fmt: skip
    except (TypeError, ValueError):
        return report
    private.write_body(name, key, text)
    return report


def _read(name: str, key: str, mark: dict) -> StatusTally | None:
    """The counts kept for this ledger's snapshot and day, or None."""
    body = private.read_body(name, key)
    if not body:
        return None
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or any(data.get(k) != v for k, v in mark.items()):
            return None
        return StatusTally.of_data(data["tally"])
    except (ValueError, RecursionError, KeyError, TypeError):
        return None
