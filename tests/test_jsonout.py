"""The JSON writer gives the bytes `json.dumps(indent=2)` gives, faster, and streams iterators."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import random

import pytest

from qc_ledger.render.jsonout import (
    Raw,
    _default,
    to_json,
    write_json,
    write_json_bytes,
    written_at,
)
from qc_ledger.render.safe import UNSAFE


@dataclasses.dataclass(frozen=True)
class Item:
    name: object
    day: object = None


@dataclasses.dataclass
class Later:
    value: object

    def __post_init__(self) -> None:
        self.extra = 1  # held, but not a field: not written


SCALARS = ["x", '中文"\\\n', "", "},\n    {", 0, -5, 10**20, 1.5, float("nan"), float("inf"),
           True, False, None, dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4), "\x1b[31m",
           "\u202e", "\x85"]  # fmt: skip
KEYS = ["k", "键", 1, 2.5, True, None, "},\n"]


def standard(value: object) -> str:
    """What the standard library writes, terminal-unsafe characters escaped as to_json does."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n"
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def anything(chance: random.Random, depth: int = 0) -> object:
    roll = chance.random()
    if depth > 3 or roll < 0.35:
        return chance.choice(SCALARS)
    if roll < 0.55:
        return [anything(chance, depth + 1) for _ in range(chance.randint(0, 4))]
    if roll < 0.6:
        return tuple(anything(chance, depth + 1) for _ in range(chance.randint(0, 3)))
    if roll < 0.75:
        return {
            chance.choice(KEYS): anything(chance, depth + 1) for _ in range(chance.randint(0, 4))
        }
    if roll < 0.85:  # a report's rows: objects of plain values, in a list
        return [row(chance) for _ in range(chance.randint(0, 4))]
    return (Item if roll < 0.95 else Later)(anything(chance, depth + 1))


def row(chance: random.Random) -> object:
    if chance.random() < 0.4:
        return Item(chance.choice(SCALARS), chance.choice(SCALARS))
    return {chance.choice(KEYS): chance.choice(SCALARS) for _ in range(chance.randint(0, 4))}


@pytest.mark.parametrize("seed", range(4))
def test_the_text_is_what_the_standard_library_writes(seed):
    chance = random.Random(seed)
    for _ in range(2000):
        value = anything(chance)
        expected = standard(value)
        assert to_json(value) == expected, value
        stream = io.StringIO()
        write_json(value, stream)
        assert stream.getvalue() == expected


def test_lists_given_as_iterators_are_written_as_they_come():
    rows = [{"id": f"g1-t{n}", "days": [n, n + 1], "day": dt.date(2024, 1, n)} for n in range(1, 9)]
    taken: list[int] = []

    def produced():
        for n, item in enumerate(rows):
            taken.append(n)
            yield item

    stream = io.StringIO()
    write_json({"tasks": produced(), "none": iter(())}, stream)
    assert stream.getvalue() == standard({"tasks": rows, "none": []})
    assert taken == list(range(8))


def test_what_json_cannot_write_is_refused_as_the_standard_library_refuses():
    with pytest.raises(TypeError):
        to_json({"a": {1, 2}})
    with pytest.raises(TypeError):
        to_json({(1, 2): "a tuple key"})


@pytest.mark.parametrize("seed", range(2))
def test_the_bytes_written_are_the_text_in_utf8(seed):
    chance = random.Random(seed)
    for _ in range(500):
        value = anything(chance)
        stream = io.BytesIO()
        write_json_bytes({"rows": iter([value, "\x1b[31m"]), "value": value}, stream)
        expected = standard({"rows": [value, "\x1b[31m"], "value": value})
        assert stream.getvalue() == expected.encode("utf-8")


def test_items_already_written_are_copied_as_they_are():
    rows = [{"id": "g1-t1", "notes": ["甲", "乙"]}, {"id": "g1-t2", "notes": []}]
    written = [Raw(written_at(row, 2).encode()) for row in rows]
    assert (
        written[0].decode()
        == '{\n      "id": "g1-t1",\n      "notes": [\n        "甲",\n        "乙"\n      ]\n    }'
    )
    expected = standard({"tasks": rows, "n": 2})
    stream = io.BytesIO()
    write_json_bytes({"tasks": iter(written), "n": 2}, stream)
    assert stream.getvalue() == expected.encode("utf-8")
    assert to_json({"tasks": iter(written), "n": 2}) == expected
    text = io.StringIO()
    write_json({"tasks": iter(written), "n": 2}, text)
    assert text.getvalue() == expected
