"""JSON rendering: UTF-8 text, Chinese kept as is, dates in ISO 8601. Standard library only.

The text is what `json.dumps(value, ensure_ascii=False, indent=2)` writes, made faster: Python's
indenting encoder runs in Python, a frame per value, so each innermost object or array (a measure's
fields, a count) is written by the C encoder in one call, with separators that carry the indent.
Lists may be given as iterators: they are written as they come, so an export need not hold them.
An item may come already written (`Raw`): its bytes are copied through, neither rewritten nor
checked; so may the rest of a list's items (`Spooled`), from a file another process wrote them to.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import IO

from .safe import UNSAFE

INDENT = 2
# Values the C encoder writes as they are (a date through `_default`, as a string).
_LEAF_TYPES = frozenset({str, int, float, bool, type(None), dt.date})
_EMPTY = frozenset({list, dict, tuple})
_CONSTANTS = {True: "true", False: "false", None: "null"}


class Raw(bytes):
    """An item of a list given as an iterator, already written as this module writes it there
    (UTF-8, unsafe characters escaped): copied as it is."""


class Spooled:
    """The last items of a list given as an iterator, already written with the list's separators
    between them, in a binary file's first `size` bytes (more than none): copied in."""

    def __init__(self, file, size: int) -> None:
        self.file, self.size = file, size

    def chunks(self) -> Iterator[bytes]:
        """The items' bytes, a megabyte at a time."""
        self.file.seek(0)
        left = self.size
        while left > 0:
            data = self.file.read(min(left, _CHUNK))
            if not data:
                raise OSError(f"spooled items cut short: {left} bytes missing")
            left -= len(data)
            yield data

    def texts(self) -> Iterator[str]:
        """The items as text, a megabyte at a time."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        for data in self.chunks():
            yield decoder.decode(data)
        yield decoder.decode(b"", final=True)


def _default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # One level at a time, as the encoder meets them: dataclasses.asdict would deep-copy
        # every value of a report first.
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):  # a record (the rules in force), without importing pydantic
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _c_encoder(separator: str) -> Callable[[object], list[str] | tuple[str, ...]]:
    """The C encoder with this item separator (the standard one where Python has none)."""
    maker = getattr(json.encoder, "c_make_encoder", None)
    if maker is None:  # another Python: the same text, written by the standard library
        encoder = json.JSONEncoder(
            ensure_ascii=False, separators=(separator, ": "), default=_default
        )
        return lambda value: [encoder.encode(value)]
    made = maker(None, _default, _string, None, ": ", separator, False, False, True)
    return lambda value: made(value, 0)


@cache
def _leaf_encoder(level: int) -> Callable[[object], list[str] | tuple[str, ...]]:
    """The encoder of an innermost container whose items sit at `level`: the separator indents."""
    return _c_encoder(",\n" + " " * (INDENT * level))


_string = json.encoder.encode_basestring
_plain = _c_encoder(", ")


def _scalar(value: object) -> str:
    """A number, text, constant or date as JSON."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    return "".join(_plain(value))  # a float, a date, a subclass: as the encoder writes them


def _key(key: object) -> str:
    """A key as `json.dumps` writes it: text, or a number or constant turned into text."""
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, (bool, type(None))):
        return _string(_CONSTANTS[key])
    if isinstance(key, (int, float)):
        return _string(_scalar(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain_value(value: object) -> object:
    """What the encoder writes for a value JSON has no form of: a dataclass as its fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # One level at a time, as the encoder meets them: dataclasses.asdict would deep-copy
        # every value of a report first. Its own fields, in order, are the ones it holds.
        names = _field_names(type(value))
        held = getattr(value, "__dict__", None)
        if held is not None and len(held) == len(names) and tuple(held) == names:
            return held
        return {name: getattr(value, name) for name in names}
    return _default(value)


def _write(value: object, level: int, out: list[str], flush: Callable[[], None] | None) -> None:
    """Append the indented text of one value whose first line is already indented to `level`."""
    while True:
        if type(value) in _LEAF_TYPES or isinstance(value, (str, int, float)):
            out.append(_scalar(value))
            return
        if isinstance(value, dict):
            _object(value, level, out, flush)
            return
        if isinstance(value, (list, tuple)):
            _array(value, level, out, flush, _LEAF_TYPES.issuperset(map(type, value)))
            return
        if isinstance(value, Iterator):
            _array(value, level, out, flush, False)
            return
        if type(value) is Raw or type(value) is Spooled:
            out.append(value)
            return
        value = _plain_value(value)  # a dataclass, a record, a date: written as what it gives


def _object(value: dict, level: int, out: list[str], flush) -> None:
    if not value:
        out.append("{}")
        return
    inner = level + 1
    if _LEAF_TYPES.issuperset(map(type, value.values())):
        text = "".join(_leaf_encoder(inner)(value))
        out.append(
            "{\n" + " " * (INDENT * inner) + text[1:-1] + "\n" + " " * (INDENT * level) + "}"
        )
        return
    pad = " " * (INDENT * inner)
    # An empty array or object is written alike at any depth: the C encoder writes it.
    nested = [(at, key, item) for at, (key, item) in enumerate(value.items())
              if type(item) not in _LEAF_TYPES and (item or type(item) not in _EMPTY)]  # fmt: skip
    if not any(isinstance(item, Iterator) for _, _, item in nested):
        out.append(_mixed_text(value, nested, level))
        return
    opening = "{\n"
    for key, item in value.items():
        if type(item) in _LEAF_TYPES:
            out.append(opening + pad + _key(key) + ": " + _scalar(item))
        else:
            out.append(opening + pad + _key(key) + ": ")
            _write(item, inner, out, flush)
        opening = ",\n"
    out.append("\n" + " " * (INDENT * level) + "}")


def _mixed_text(value: dict, nested: list[tuple[int, object, object]], level: int) -> str:
    """An object with some values that are objects or arrays, in one call of the C encoder.

    Those values stand in as 0 while it writes the rest; a newline in its text is always a
    separator, so the text splits into one item each, and theirs are put in their places.
    """
    inner = level + 1
    pad = " " * (INDENT * inner)
    shallow = dict(value)
    for _, key, _ in nested:
        shallow[key] = 0
    items = "".join(_leaf_encoder(inner)(shallow))[1:-1].split(",\n" + pad)
    for at, _, item in nested:
        written: list[str] = []
        _write(item, inner, written, None)
        items[at] = items[at][:-1] + "".join(written)
    return "{\n" + pad + (",\n" + pad).join(items) + "\n" + " " * (INDENT * level) + "}"


def _array(items: Iterable, level: int, out: list[str], flush, leaves: bool) -> None:
    inner = level + 1
    if leaves:
        if items:
            text = "".join(_leaf_encoder(inner)(items))
            out.append(
                "[\n" + " " * (INDENT * inner) + text[1:-1] + "\n" + " " * (INDENT * level) + "]"
            )
        else:
            out.append("[]")
        return
    records = None if isinstance(items, Iterator) else _leaf_records(items)
    if records:
        out.append(_records_text(records, level))
        return
    pad = " " * (INDENT * inner)
    opening = "[\n"
    streamed = flush is not None and isinstance(items, Iterator)
    for item in items:
        out.append(opening + pad)
        opening = ",\n"
        _write(item, inner, out, flush)
        if streamed and len(out) > _BATCH:
            flush()
    out.append("[]" if opening == "[\n" else "\n" + " " * (INDENT * level) + "]")


def _leaf_records(items: Iterable) -> list[dict] | None:
    """The items as objects of numbers, text and dates only (a report's rows), or None."""
    records = []
    for item in items:
        if not isinstance(item, dict):
            if not dataclasses.is_dataclass(item) or isinstance(item, type):
                return None
            item = _plain_value(item)
        if not item or not _LEAF_TYPES.issuperset(map(type, item.values())):
            return None
        records.append(item)
    return records


def _records_text(records: list[dict], level: int) -> str:
    """An array of non-empty innermost objects, written by the C encoder in one call.

    Its item separator carries the objects' own indent; a newline in its text is always a
    separator (text escapes its own), so the array's breaks between objects are put right after.
    """
    inner, fields = " " * (INDENT * (level + 1)), " " * (INDENT * (level + 2))
    text = "".join(_leaf_encoder(level + 2)(records))
    text = text[2:-2].replace("},\n" + fields + "{", "\n" + inner + "},\n" + inner + "{\n" + fields)
    return (
        "[\n" + inner + "{\n" + fields + text + "\n" + inner + "}\n" + " " * (INDENT * level) + "]"
    )


_BATCH = 256  # pieces (a task each, at most) held before a streamed list is written out


def _escape(match) -> str:
    return f"\\u{ord(match.group()):04x}"


def _safe(text: str) -> str:
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def to_json(value: object) -> str:
    """Serialise report values as indented JSON with a final newline.

    Chinese stays as it is; characters that could act on a terminal (DEL, C1 controls, bidi marks),
    which JSON would leave raw, are written as \\u escapes: the same value, safe to print.
    """
    out: list = []
    _write(value, 0, out, None)
    out.append("\n")
    return "".join(_texts(out))


def _texts(out: list) -> Iterator[str]:
    """The pieces as safe text: written ones made safe a run at a time, raw ones decoded."""
    for piece in _pieces(out):
        if type(piece) is Spooled:
            yield from piece.texts()
        else:
            yield piece.decode("utf-8") if type(piece) is Raw else piece


def _pieces(out: list) -> Iterator[str | Raw | Spooled]:
    """Runs of written pieces joined and made safe, between the raw and spooled ones as they are."""
    run: list[str] = []
    for piece in out:
        if type(piece) is Raw or type(piece) is Spooled:
            if run:
                yield _safe("".join(run))
                run.clear()
            yield piece
        else:
            run.append(piece)
    if run:
        yield _safe("".join(run))


def write_json(value: object, stream: IO[str]) -> None:
    """Write what `to_json` gives to a text stream, a list given as an iterator as it comes."""
    out: list = []

    def flush() -> None:
        for text in _texts(out):  # a spooled part as it is read, never joined whole
            stream.write(text)
        out.clear()

    _write(value, 0, out, flush)
    out.append("\n")
    flush()


_CHUNK = 1 << 20  # bytes gathered before a write: a streamed export goes out in big writes


def write_json_bytes(value: object, stream: IO[bytes]) -> None:
    """Write what `to_json` gives to a binary stream as UTF-8; raw and spooled items as they are."""
    out: list = []
    chunk: list[bytes] = []
    held = 0

    def flush(final: bool = False) -> None:
        nonlocal held
        for piece in _pieces(out):
            if type(piece) is Spooled:  # what is held first, then the file's items
                stream.write(b"".join(chunk))
                chunk.clear()
                held = 0
                for data in piece.chunks():
                    stream.write(data)
                continue
            data = piece if type(piece) is Raw else piece.encode("utf-8")
            chunk.append(data)
            held += len(data)
        out.clear()
        if held >= _CHUNK or final:
            stream.write(b"".join(chunk))
            chunk.clear()
            held = 0

    _write(value, 0, out, flush)
    out.append("\n")
    flush(final=True)


def texts_written_at(texts: list[str], level: int) -> str:
    """`written_at` of a list of text, without the general writer (a task's cooperating units)."""
    if not texts:
        return "[]"
    pad = " " * (INDENT * (level + 1))
    items = (",\n" + pad).join(map(_string, texts))
    return _safe("[\n" + pad + items + "\n" + " " * (INDENT * level) + "]")


def text_written(text: str) -> str:
    """`written_at` of a text, at any level (it is one line), without the general writer."""
    return _safe(_string(text))


def written_at(value: object, level: int) -> str:
    """A value's text as `to_json` writes it where it stands `level` deep (its first line not
    indented, no final newline)."""
    out: list = []
    _write(value, level, out, None)
    return "".join(_texts(out))
