"""YAML text <-> plain data and round-trip documents; the only module that imports ruamel.yaml.

Reads go through ruamel's C-backed safe loader; edits and error locations use the round-trip loader,
configured so that an unchanged document dumps back byte for byte.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from .errors import DataError, Problem

MAX_DEPTH = 32

_SYNTAX_HINTS: list[tuple[str, str, str]] = [
    ("found duplicate key", "同一层级里出现了重复的字段名", "删除或合并重复的那一行"),
    (
        "expected a single document",
        "一个文件里有多个 YAML 文档（多余的“---”）",
        "一个文件只写一条记录：删除多余的“---”及其后的内容，或拆成多个文件",
    ),
    (
        "found unexpected end of stream",
        "文件在引号或括号闭合之前就结束了",
        '检查引号（"）和括号（[ ] { }）是否成对',
    ),
    (
        "while scanning a quoted scalar",
        "引号没有闭合",
        "在文字末尾补上对应的引号",
    ),
    (
        "mapping values are not allowed",
        "这里不能出现“: ”（冒号加空格）",
        "如果冒号是文字的一部分，请给整段文字加双引号；否则检查上一行的缩进",
    ),
    (
        "could not find expected ':'",
        "缺少冒号，或缩进不对",
        "每个字段写成“字段名: 值”（半角冒号加空格），并检查缩进",
    ),
    (
        "found character '\\t'",
        "这里有制表符（Tab）",
        "YAML 只能用半角空格缩进；请把 Tab 换成空格",
    ),
    (
        "expected <block end>",
        "缩进不一致",
        "同一层级的字段必须对齐；列表项以“- ”开头并对齐",
    ),
    (
        "did not find expected node content",
        "这里缺少内容，或括号不成对",
        "检查方括号和花括号是否成对，逗号后是否有内容",
    ),
    (
        "found undefined alias",
        "使用了未定义的别名（*名称）",
        "台账文件不使用锚点和别名；请把内容直接写出",
    ),
    (
        "could not determine a constructor for the tag",
        "使用了不允许的 YAML 标签（以“!”开头）",
        "删除“!”开头的标签；台账文件只写普通的文字、数字、日期和列表",
    ),
    (
        "while parsing a flow",
        "方括号或花括号没有闭合",
        "检查 [ ] 和 { } 是否成对",
    ),
]


class _RefusingSafeConstructor(SafeConstructor):
    """Safe constructor that refuses anchors, aliases and deep nesting, and hands bad dates on."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _LedgerYAMLRefusal(
                "使用了锚点/别名（& 和 *）",
                node.start_mark,
                "台账文件不使用锚点和别名；请把内容直接写出",
            )
        return super().construct_object(node, deep=deep)

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            # An impossible date such as 2025-02-30: keep the text so validation reports it with a line.
            return self.construct_scalar(node)


_RefusingSafeConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _RefusingSafeConstructor.construct_yaml_timestamp
)


class _LedgerYAMLRefusal(Exception):
    """A construct the ledger refuses, with the mark of where it stands."""

    def __init__(self, message: str, mark, hint: str):
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


class _TolerantRoundTripConstructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date as text, so it can still be located."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_TolerantRoundTripConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _TolerantRoundTripConstructor.construct_yaml_timestamp
)


class _NullRepresenter(RoundTripRepresenter):
    """Writes None as `null`, as the data files spell it."""


_NullRepresenter.add_representer(
    type(None),
    lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "null"),
)


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _RefusingSafeConstructor
    return yaml


def _roundtrip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TolerantRoundTripConstructor
    yaml.Representer = _NullRepresenter
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


_SAFE: YAML | None = None


def uses_c_parser() -> bool:
    """Tell whether the fast path really runs on the C parser."""
    yaml = _safe_yaml()
    yaml.load("probe: 1")
    return yaml.Parser.__name__ == "CParser" and yaml.Reader is None and yaml.Scanner is None


def parse_fast(text: str, path: Path) -> object:
    """Parse one document into plain Python data with the C-backed safe loader."""
    global _SAFE
    if _SAFE is None:
        _SAFE = _safe_yaml()
    return _parse(_SAFE, text, path)


def parse_roundtrip(text: str, path: Path) -> object:
    """Parse one document into an editable round-trip document (comments, order and quotes kept)."""
    return _parse(_roundtrip_yaml(), text, path)


def _parse(yaml: YAML, text: str, path: Path) -> object:
    _refuse_deep_nesting(text, path)
    try:
        return yaml.load(text)
    except _LedgerYAMLRefusal as exc:
        raise _problem(exc.message, path, exc.mark, exc.hint) from None
    except MarkedYAMLError as exc:
        raise _syntax_problem(exc, path) from None
    except ConstructorError as exc:
        raise _syntax_problem(exc, path) from None
    except YAMLError as exc:
        raise DataError([Problem(f"YAML 语法错误：{exc}", path, code="syntax")]) from None
    except RecursionError:
        raise DataError([Problem("嵌套层级过深", path, code="syntax")]) from None


def _refuse_deep_nesting(text: str, path: Path) -> None:
    """Refuse flow-style nesting deeper than any ledger record needs, before the parser recurses."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                raise DataError(
                    [
                        Problem(
                            f"括号嵌套超过 {MAX_DEPTH} 层",
                            path,
                            line,
                            column,
                            hint="台账记录不需要这么深的嵌套；请检查文件是否被损坏",
                            code="syntax",
                        )
                    ]
                )
        elif char in "]}":
            depth = max(0, depth - 1)


def _syntax_problem(exc: MarkedYAMLError, path: Path) -> DataError:
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in detail:
            return _problem(message, path, exc.problem_mark or exc.context_mark, hint)
    return _problem(
        f"YAML 语法错误（{exc.problem or exc.context}）",
        path,
        exc.problem_mark or exc.context_mark,
        "对照同目录下其他文件的写法检查这一行及上一行",
    )


def _problem(message: str, path: Path, mark, hint: str | None) -> DataError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return DataError([Problem(message, path, line, column, hint=hint, code="syntax")])


def position(document: object, loc: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based line and column of the value at `loc` (or of its nearest existing parent)."""
    node = document
    found: tuple[int, int] | None = None
    if isinstance(node, CommentedMap | CommentedSeq):
        found = (node.lc.line, node.lc.col)
    for step in loc:
        if isinstance(node, CommentedMap) and step in node:
            key_line, key_col = node.lc.key(step)
            child = node[step]
            if isinstance(child, CommentedMap | CommentedSeq) and len(child):
                found = (key_line, key_col)
            else:
                value = node.lc.value(step)
                found = (value[0], value[1]) if value else (key_line, key_col)
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            found = node.lc.item(step)
            node = node[step]
        else:
            break
    if found is None:
        return None
    return found[0] + 1, found[1] + 1


def key_position(document: object, loc: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based line and column of the key at the end of `loc`."""
    parent = document
    for step in loc[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return position(document, loc)
    if isinstance(parent, CommentedMap) and loc and loc[-1] in parent:
        line, col = parent.lc.key(loc[-1])
        return line + 1, col + 1
    return position(document, loc)


def dump_roundtrip(document: object) -> str:
    """Dump a round-trip document back to text in the files' layout."""
    stream = io.StringIO()
    _roundtrip_yaml().dump(document, stream)
    return stream.getvalue()


def dump_new(data: object) -> str:
    """Dump plain data (a new record) as text in the files' layout."""
    stream = io.StringIO()
    _roundtrip_yaml().dump(data, stream)
    return stream.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write text as UTF-8 with LF ends: temporary file in the same folder, fsync, rename."""
    data = text.encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
