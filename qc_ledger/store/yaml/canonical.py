"""Whether a document's text is exactly what the round-trip dump writes for it, told without ruamel.

`ledger fmt --check` round-trips every file through ruamel, about 18 ms a file. A file in the
layout `fmt` writes can be recognised from its lines instead: the data the fast reader finds is
written out again line by line as the dump writes it (its indents, `key: value`, `- item`, `null`,
`true`, plain text where the dump keeps it plain, quotes as written) and compared with the text.
Only what is certain passes: a comment after the first key, a blank line, a float, a long line or
anything else unusual answers None, and the file is round-tripped as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from .regular import read_regular
from .scalars import DATE, YAML11_BOOLS, Irregular

# Past this a line may be folded by the dump (its width is 4096): left to it.
_LONG = 4000
# Characters the dump escapes or that some readers take for breaks: left to it.
_UNSURE = re.compile("[\t\r\ufeff\U00010000-\U0010ffff]")
# Text the dump quotes although it could stand plain (parsing._NEEDS_QUOTES, kept in step).
_NEEDS_QUOTES = re.compile(r"[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]")
# What may not start a plain scalar in the dump's analysis.
_INDICATORS = set("#,[]{}&*!|>'\"%@`")
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]*")


class _Unsure(Exception):
    """Something the comparison does not decide."""


def dumped_as_is(text: str, data: object = None) -> object | None:
    """The plain data of a document the round-trip dump writes back byte for byte, or None when
    that is not certain (the document may still be in that layout: ask the dump). `data`: what
    the fast reader (read_regular) already made of `text`, so that it is not read twice."""
    if not text.endswith("\n") or text.endswith("\n\n") or _UNSURE.search(text):
        return None
    if data is None:
        try:
            data = read_regular(text)
        except Irregular:
            return None
    if not isinstance(data, dict) or not data:
        return None
    lines = text[:-1].split("\n")
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        if lines[start].endswith(" "):
            return None
        start += 1
    body = lines[start:]
    try:
        expected = list(_mapping(data, 0))
        if len(expected) != len(body):
            return None
        for (prefix, value), line in zip(expected, body, strict=True):
            if len(line) > _LONG or not line.startswith(prefix):
                return None
            if not _written(value, line[len(prefix) :]):
                return None
    except _Unsure:
        return None
    return data


_BLOCK = object()  # a key whose value follows on the next lines


def _mapping(mapping: dict, indent: int, first: str | None = None) -> Iterator[tuple[str, object]]:
    """Each line of a block mapping as (what starts it, its value); `first` starts the first line."""
    for key, value in mapping.items():
        head = first if first is not None else " " * indent
        first = None
        if isinstance(value, dict) and value:
            yield f"{head}{key}:", _BLOCK
            yield from _mapping(value, indent + 2)
        elif isinstance(value, list) and value:
            yield f"{head}{key}:", _BLOCK
            yield from _sequence(value, indent + 2)
        else:
            yield f"{head}{key}: ", value


def _sequence(items: list, indent: int) -> Iterator[tuple[str, object]]:
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, dict) and item:
            yield from _mapping(item, indent + 2, first=dash)
        elif isinstance(item, list) and item:
            raise _Unsure  # the fast reader never gives one
        else:
            yield dash, item


def _written(value: object, raw: str) -> bool:
    """The dump writes `value` as `raw` (quotes as written are kept)."""
    if value is _BLOCK:
        return raw == ""
    if isinstance(value, bool):
        return raw == ("true" if value else "false")
    if value is None:
        return raw == "null"
    if isinstance(value, int):
        return raw == str(value)
    if isinstance(value, dt.date):
        return raw == value.isoformat()
    if isinstance(value, list):
        return raw == "[]"
    if isinstance(value, dict):
        return raw == "{}"
    if not isinstance(value, str):
        raise _Unsure  # a float: its spelling is the dump's business
    if raw.startswith("'"):
        return raw == "'" + value.replace("'", "''") + "'"
    if raw.startswith('"'):
        return raw == f'"{value}"' and _PRINTABLE.fullmatch(value) is not None
    return raw == value and _plain(value)


@functools.lru_cache(maxsize=1 << 16)  # names, units and notes recur thousands of times
def _plain(text: str) -> bool:
    """The dump writes this text plain, not quoted."""
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    if text[0] in _INDICATORS or (text[0] in "?:-" and (len(text) == 1 or text[1] == " ")):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text:
        return False
    if text.lower() in YAML11_BOOLS or _NEEDS_QUOTES.match(text) or DATE.match(text):
        return False  # the last: an impossible date, which the dump quotes as it reads as one
    return _PRINTABLE.fullmatch(text) is not None
