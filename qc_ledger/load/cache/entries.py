"""A per-file cache entry's format: made from a file checked sound, its head read without parsing it.

One line of UTF-8 JSON a file: its kind, stat, time of writing and content digest first, then fmt's
verdict on that content when a load found the file in fmt's layout, then (for a task) its listed
row, then its checked data; the cache file reads the head and the row by these
patterns. Standard library only, but for the row (`digest.row_data`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.digest import row_data
from .logsplit import DATA, LOGS, task_json
from .private import iso

if TYPE_CHECKING:
    from ..filecheck import CheckedFile


def entry_line(path: Path, kind: str, text: str, data: object, identity: tuple | None,
               read_at: int) -> bytes | None:  # fmt: skip
    """A file's cache entry: its checked data under the identity it had before it was read.

    The identity and the time (ns) from before the read, not from now: a file changed while a long
    load went on must not be stored as the new file with the old file's data, and a change in the
    tick it was read in is caught by the racy check against that time.
    """
    if identity is None or "\n" in str(path) or "\t" in str(path):
        return None
    entry = {
        "kind": kind,
        "stat": list(identity),
        "written": read_at,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    if kind == "task":
        # Before the data, so that a listing reads a task's row without its whole log.
        with contextlib.suppress(KeyError, TypeError, AttributeError, ValueError):
            entry["row"] = row_data(data)
        # ...and where its progress logs sit in its data, with their briefs (`logsplit`).
        try:
            located = task_json(data)
        except (TypeError, ValueError):
            located = None
        if located is not None:
            head = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=iso)
            logs = json.dumps(located[1], ensure_ascii=False, separators=(",", ":"))
            return b"".join([head[:-1].encode("utf-8", "surrogateescape"), LOGS,
                             logs.encode("utf-8", "surrogateescape"), DATA, located[0], b"}"])  # fmt: skip
    entry["data"] = data
    try:
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=iso)
    except (TypeError, ValueError):
        return None
    # Kept as UTF-8 until written: a province's entries take half the memory they take as text.
    return text.encode("utf-8", "surrogateescape")


def entry_of(checked: CheckedFile) -> bytes | None:
    """The cache entry of a file checked sound (made in a worker process, or here)."""
    source = checked.source
    return entry_line(source.path, source.kind, source.text, checked.data, source.identity,
                      checked.read_at)  # fmt: skip


# How every entry starts (entry_line writes its keys in this order): its kind, stat and time.
HEAD = re.compile(rb'\{"kind":"(\w+)","stat":\[(\d+),(\d+),(\d+),(\d+)\],"written":(\d+),')
# ...and then its content digest...
DIGEST = re.compile(rb'"sha256":"([0-9a-f]{64})",')
# ...fmt's verdict on that content when one was reached (`with_verdict`)...
VERDICT = re.compile(rb'"fmt":"([0-9a-f]{32})",')
# ...and, for a task, its row (`digest.row_data`): lists of text, numbers and null, then its data.
ROW = re.compile(rb'"sha256":"[0-9a-f]{64}",(?:"fmt":"[0-9a-f]{32}",)?"row":')
# (`DATA`, `,"data":`, from `logsplit`: a quote inside text is escaped, so those bytes end the row
# or the logs' places, never sit in them.)
HEAD_READ = 320  # enough for an entry's head, its digest and fmt's verdict
ROW_READ = 8192  # the first bytes of an entry read for its row: most tasks' rows end within them


def head_of(entry: bytes) -> tuple[str, list[int], int, str | None] | None:
    """An entry's kind, stat, time of writing and fmt's verdict (or None), read from its first
    bytes without parsing it."""
    found = HEAD.match(entry)
    if found is None:
        return None
    digest = DIGEST.match(entry, found.end())
    verdict = None if digest is None else VERDICT.match(entry, digest.end())
    return (found[1].decode("ascii"), [int(found[i]) for i in range(2, 6)], int(found[6]),
            None if verdict is None else verdict[1].decode("ascii"))  # fmt: skip


def with_verdict(entry: bytes, verdict: str) -> bytes | None:
    """The entry with fmt's verdict (32 hex digits) kept after its content digest, or None when it
    has that verdict already or no digest to keep it by."""
    head = HEAD.match(entry)
    digest = None if head is None else DIGEST.match(entry, head.end())
    if digest is None:
        return None
    rest = entry[digest.end() :]
    old = VERDICT.match(rest)
    if old is not None:
        if old[1] == verdict.encode("ascii"):
            return None
        rest = rest[old.end() :]
    return b"".join([entry[: digest.end()], b'"fmt":"', verdict.encode("ascii"), b'",', rest])


def entries_of(body: bytes) -> list[bytes]:
    """The entry lines of a cache file's body (after its places and heads)."""
    parts = body.split(b"\n", 2)
    return (parts[2] if len(parts) == 3 else b"").split(b"\n")


def index_entry(index: dict[tuple[bytes, bytes], bytes], entry: bytes) -> None:
    """File an entry under its kind and content digest (read from its first bytes)."""
    head = HEAD.match(entry)
    if head is None:
        return
    digest = DIGEST.match(entry, head.end())
    if digest is not None:
        index[(head[1], digest[1])] = entry
