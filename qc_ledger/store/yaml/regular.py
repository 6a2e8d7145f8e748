"""A reader for documents in the block layout `ledger fmt` writes, several times faster than YAML's.

It accepts only a strict subset of YAML whose meaning is beyond doubt: block mappings with plain
ASCII keys, block sequences, plain, single- and simply double-quoted scalars on one line, `[]` and
`{}`, comments. Every scalar is resolved as YAML 1.2 would, and anything that is not plainly text,
a decimal number, a date, a boolean or null is left alone. On anything outside the subset it gives
up (`Irregular`) and the full YAML reader parses the file, so a file means the same either way.
"""

from __future__ import annotations

import datetime as dt
import re

from .scalars import BOOLS, DATE, DECIMAL, NULLS, YAML11_BOOLS, Irregular

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
# Plain scalars that YAML reads as a constant, not as text (an empty one is null too).
_CONSTANTS = {**dict.fromkeys(NULLS - {""}), **BOOLS}
# What may not start a plain scalar here: YAML indicators, and what could be a number or date.
_FIRST_UNSAFE = set("-?:,[]{}#&*!|>'\"%@`.+0123456789")
_NUMERIC_FIRST = set("-.+0123456789")
# Characters YAML does not allow in a document, or that some readers take for line breaks, a tab
# or a byte-order mark.
_ODD = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def read_regular(text: str) -> object:
    """The plain data of a document in the subset, or Irregular."""
    if _ODD.search(text):
        raise Irregular
    lines: list[tuple[int, str]] = []
    for raw in text.split("\n"):
        stripped = raw.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if raw.startswith(("---", "...")):
            raise Irregular
        lines.append((len(raw) - len(stripped), stripped.rstrip(" ")))
    if not lines:
        return None
    if lines[0][0] != 0:
        raise Irregular
    value, end = _block(lines, 0, 0)
    if end != len(lines) or not isinstance(value, dict):
        raise Irregular
    return value


def _block(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[object, int]:
    """The mapping or sequence whose lines begin at `start`, indented `indent`; where it ends."""
    if lines[start][1].startswith("- "):
        return _sequence(lines, start, indent)
    return _mapping(lines, start, indent)


def _mapping(
    lines: list[tuple[int, str]], start: int, indent: int, first: str | None = None
) -> tuple[dict, int]:
    mapping: dict = {}
    index = start
    while index < len(lines):
        column, content = lines[index]
        if first is not None:
            content, first = first, None
        elif column != indent:
            if column > indent:
                raise Irregular  # a continuation line or a misplaced key
            break
        found = _KEY.match(content)
        if found is None:
            raise Irregular
        key = found.group(1)
        if key in mapping or key in _CONSTANTS or key.lower() in YAML11_BOOLS:
            raise Irregular
        rest = content[found.end() :]
        index += 1
        if rest and rest[0] != "#":
            mapping[key] = _scalar(rest)
            continue
        if index < len(lines):
            column, content = lines[index]
            if column > indent or (column == indent and content.startswith("- ")):
                mapping[key], index = _block(lines, index, column)
                continue
        mapping[key] = None
    return mapping, index


def _sequence(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[list, int]:
    items: list = []
    index = start
    while index < len(lines):
        column, content = lines[index]
        if column != indent or not content.startswith("- "):
            if column > indent:
                raise Irregular
            break
        rest = content[2:].lstrip(" ")
        inner = indent + len(content) - len(rest)
        if not rest or rest[0] == "#" or rest.startswith("- "):
            raise Irregular  # nested block items: left to the full reader
        if _KEY.match(rest):
            item, index = _mapping(lines, index, inner, first=rest)
            items.append(item)
            continue
        items.append(_scalar(rest))
        index += 1
    return items, index


def _scalar(text: str) -> object:
    """One scalar written after `key: ` or `- ` (comments and trailing spaces still on it)."""
    first = text[0]
    if first == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end]:
            raise Irregular
        _after_quote(text[end + 1 :])
        return text[1:end]
    if first == "'":
        parts, position = [], 1
        while True:
            end = text.find("'", position)
            if end < 0:
                raise Irregular
            parts.append(text[position:end])
            if text.startswith("''", end):
                parts.append("'")
                position = end + 2
                continue
            _after_quote(text[end + 1 :])
            return "".join(parts)
    if text in ("[]", "{}") or text.startswith(("[] #", "{} #")):
        return [] if first == "[" else {}
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise Irregular
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if first in _FIRST_UNSAFE:
        if first in _NUMERIC_FIRST and not text.isascii() and not text.startswith("- "):
            return text  # numbers, dates and constants are ASCII: "2025年底前" is text
        if DECIMAL.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        found = DATE.match(text)
        if found is None:
            raise Irregular
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:
            return text  # an impossible date stays text, as the full reader keeps it
    if text.lower() in YAML11_BOOLS or text.lower() in (".inf", ".nan"):
        raise Irregular
    return text


def _after_quote(rest: str) -> None:
    """After a closing quote only spaces and a comment may follow."""
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise Irregular


def item_line(text: str, key: str, index: int) -> int | None:
    """The 1-based line of item `index` of the sequence under top-level `key` in a document of the
    subset (where the full reader places it: on its `- ` line), or None when the document is not in
    the subset or holds no such item."""
    try:
        data = read_regular(text)
    except Irregular:
        return None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not 0 <= index < len(items):
        return None
    # In the subset a non-empty sequence is a block one whose items each start a `- ` line at the
    # column of its first line, after the key's own line at column 0; deeper lines are their content.
    column, count, after_key = None, 0, False
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(raw) - len(stripped)
        if not after_key:
            found = _KEY.match(stripped) if indent == 0 else None
            after_key = found is not None and found.group(1) == key
            continue
        if column is None:
            column = indent
        if indent == column and stripped.startswith("- "):
            if count == index:
                return number
            count += 1
        elif indent <= column:
            return None
    return None
