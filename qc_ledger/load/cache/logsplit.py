"""A task's cache entry with its measures' progress logs located, so that a report reads the task
without decoding the logs' text.

The entry stays one JSON object whose `data` is the whole checked data (any reader may parse it
as it is); before `data`, `logs` tells, for each measure with a log, where its log's JSON sits in
`data` and the log's brief (`domain.logslice.brief_of`). `held_task` decodes `data` with the logs
cut out and puts a `LogSlice` in their place, which the rebuilt record decodes when read.
"""

from __future__ import annotations

import datetime as dt
import json

from ...domain.logslice import LogSlice, brief_of
from .private import iso

LOGS = b',"logs":'  # before `,"data":`; a quote inside text is escaped, so never in the row
DATA = b',"data":'  # where an entry's data start
# A shorter log is decoded with its task (as cheap as its brief and its places): only long ones are
# located.
LOCATED_FROM = 16
_KEY, _OPEN, _CLOSE = b'"progress_log":', ord("["), ord("]")


def _dumps(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=iso)
    return text.encode("utf-8", "surrogateescape")


def _day(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def task_json(data: object) -> tuple[bytes, list] | None:
    """A task's data as JSON and, for each measure with a log, [its position, where its log
    starts and ends in that JSON, its brief]; None when no log can be located."""
    measures = data.get("measures") if isinstance(data, dict) else None
    if not isinstance(measures, list):
        return None
    logs, outer = {}, []
    for position, measure in enumerate(measures):
        log = measure.get("progress_log") if isinstance(measure, dict) else None
        if (isinstance(log, list) and len(log) >= LOCATED_FROM
                and all(isinstance(entry, dict) for entry in log)):  # fmt: skip
            logs[position] = log
            # A mark no text can hold alone: checked below that it occurs once.
            outer.append({**measure, "progress_log": f"\x00log {position}\x00"})
        else:
            outer.append(measure)
    if not logs:
        return None
    text = _dumps({**data, "measures": outer})
    pieces, found, at = [], [], 0
    for position, log in logs.items():
        mark = _dumps(f"\x00log {position}\x00")
        where = text.find(mark, at)
        if where < 0 or text.count(mark) != 1:
            return None
        entries = [_dumps(entry) for entry in log]
        starts, offset = [], 1
        for entry in entries:
            starts.append(offset)
            offset += len(entry) + 1
        starts.append(offset)  # the closing bracket's end: where a next entry would start
        brief = brief_of([_day(entry.get("date")) for entry in log], log, starts)
        if brief is None:
            return None
        pieces.append(text[at:where])
        start = sum(map(len, pieces))
        pieces.append(b"[" + b",".join(entries) + b"]")
        found.append([position, start, start + len(pieces[-1]), brief])
        at = where + len(mark)
    pieces.append(text[at:])
    return b"".join(pieces), found


def held_task(line: bytes, data_at: int) -> object:
    """A task entry's data (starting at `data_at`, up to the entry's closing brace), its located
    logs left as `LogSlice`s."""
    logs_at = line.rfind(LOGS, 0, data_at)
    end = len(line) - 1
    if logs_at < 0:
        return json.loads(line[data_at:end])
    logs = json.loads(line[logs_at + len(LOGS) : data_at - len(DATA)])
    pieces, at = [], data_at
    for _position, start, stop, _brief in logs:
        start, stop = data_at + start, data_at + stop
        # Places that do not fit the entry (an entry edited by hand): decoded whole instead.
        if not (at <= start < stop <= end and line.endswith(_KEY, at, start)
                and line[start] == _OPEN and line[stop - 1] == _CLOSE):  # fmt: skip
            return json.loads(line[data_at:end])
        pieces += [line[at:start], b"[]"]
        at = stop
    pieces.append(line[at:end])
    data = json.loads(b"".join(pieces))
    measures = data["measures"]
    for position, start, stop, brief in logs:
        measures[position]["progress_log"] = LogSlice(line, data_at + start, data_at + stop, brief)
    return data


def row_end(line: bytes, start: int) -> int:
    """Where a task's row ends: before its logs' places or its data; -1 if not in `line`."""
    data = line.find(DATA, start)
    logs = line.find(LOGS, start, None if data < 0 else data)
    return logs if logs >= 0 else data
