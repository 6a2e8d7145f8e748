"""YAML text to plain data (C-backed safe loader) or to a round-trip document, and documents to text.

Refuses what a data file must not contain (anchors, tags, directives, deep nesting, YAML 1.1 booleans)
with a location. The round-trip loader is configured so that an unchanged document dumps back byte
for byte.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver

from ...errors import DataError, Problem
from .plain import MAP_TAG, SEQ_TAG, STR_TAG, plain_data
from .regular import read_regular
from .scalars import YAML11_BOOLS, Irregular
from .syntax import MAX_DEPTH, depth_problem, located_problem, syntax_problem, unmarked_problem


class _RefusingSafeConstructor(SafeConstructor):
    """Safe constructor that refuses anchors, aliases and 1.1 booleans, and hands bad dates on."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _LedgerYAMLRefusal(
                "使用了锚点/别名（& 和 *）：这里定义的内容在别处被“*”引用",
                node.start_mark,
                "台账文件不使用锚点和别名；请把内容直接写出",
            )
        return super().construct_object(node, deep=deep)

    def construct_yaml_str(self, node):
        value = self.construct_scalar(node)
        if node.style in ("", None) and value.lower() in YAML11_BOOLS:
            raise _LedgerYAMLRefusal(
                f"未加引号的 {value} 在许多 YAML 工具（YAML 1.1）中会被读成 "
                f"{'true' if value.lower() in ('y', 'yes', 'on') else 'false'}",
                node.start_mark,
                f'若是文字，请加引号写成 "{value}"；若是是/否，请写 true 或 false',
            )
        return value

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            # An impossible date such as 2025-02-30: keep the text so validation reports it with a line.
            return self.construct_scalar(node)


_RefusingSafeConstructor.add_constructor(STR_TAG, _RefusingSafeConstructor.construct_yaml_str)
_RefusingSafeConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _RefusingSafeConstructor.construct_yaml_timestamp
)


class _TagRefusingSafeConstructor(_RefusingSafeConstructor):
    """Also refuses explicit tags (`!!str 12`, `!include`, `!!python/…`); needed only if a "!" occurs."""

    def construct_object(self, node, deep=False):
        if isinstance(node, ScalarNode):
            if node.style in ("", None):
                if node.tag != self.resolver.resolve(ScalarNode, node.value, (True, False)):
                    raise _tag_refusal(node)
            elif node.tag != STR_TAG:
                raise _tag_refusal(node)
        elif node.tag not in (MAP_TAG, SEQ_TAG):
            raise _tag_refusal(node)
        return super().construct_object(node, deep=deep)


def _tag_refusal(node) -> _LedgerYAMLRefusal:
    tag = str(node.tag)
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
    return _LedgerYAMLRefusal(
        f"使用了 YAML 标签“{shown}”：台账不接受标签，也从不按标签构造对象或执行任何内容",
        node.start_mark,
        "删除这个以“!”开头的标签；要把数字或日期当作文字，请给它加双引号",
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
    """Writes None as `null`, as the data files spell it, and never an anchor or alias."""

    def ignore_aliases(self, data: object) -> bool:
        # The loader refuses anchors: one value written in two places is written out twice.
        return True


_NullRepresenter.add_representer(
    type(None),
    lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "null"),
)

# Text the loader would refuse unquoted: YAML 1.1 booleans, and text that starts like "key:" or
# "key：" (the lint takes it for a keyboard slip).
_NEEDS_QUOTES = re.compile(r"[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]")


def _represent_text(representer: RoundTripRepresenter, data: str):
    if data.lower() in YAML11_BOOLS or _NEEDS_QUOTES.match(data):
        return representer.represent_scalar(STR_TAG, data, style="'")
    return representer.represent_str(data)


_NullRepresenter.add_representer(str, _represent_text)


class _Yaml12Resolver(VersionedResolver):
    """Resolver of the fast path, fixed at YAML 1.2.

    A `%YAML` directive is refused before parsing, so the version never changes; ruamel would
    otherwise look it up (through a caught AttributeError under the C parser) for every scalar,
    which was a quarter of the load time of a large ledger.
    """

    @property
    def processing_version(self):
        return (1, 2)

    @property
    def versioned_resolver(self):
        table = self.__dict__.get("_fixed_table")
        if table is None:
            table = self.__dict__["_fixed_table"] = super().versioned_resolver
        return table


def _safe_yaml(tags: bool = False) -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _Yaml12Resolver
    yaml.Constructor = _TagRefusingSafeConstructor if tags else _RefusingSafeConstructor
    return yaml


def _roundtrip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TolerantRoundTripConstructor
    yaml.Representer = _NullRepresenter
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.max_depth = MAX_DEPTH
    return yaml


_SAFE: dict[bool, YAML] = {}


def uses_c_parser() -> bool:
    """Tell whether the fast path really runs on the C parser."""
    yaml = _safe_yaml()
    yaml.load("probe: 1")
    return yaml.Parser.__name__ == "CParser" and yaml.Reader is None and yaml.Scanner is None


def parse_fast(text: str, path: Path) -> object:
    """Parse one document into plain Python data with the C-backed safe loader."""
    return parse_fast_regular(text, path)[0]


def parse_fast_regular(text: str, path: Path) -> tuple[object, bool]:
    """Parse one document into plain data, and whether the fast reader of fmt's layout read it."""
    # Without a "!" there can be no tag, and the per-node tag check (a third of the time) is skipped.
    tags = "!" in text
    if tags not in _SAFE:
        _SAFE[tags] = _safe_yaml(tags)
    if not tags and "%" not in text and _deep_candidate(text) is None:
        # Nearly every file is in the layout `ledger fmt` writes, read here without YAML's
        # machinery; then the C parser's nodes become plain data in one walk, without ruamel's
        # constructor. Anything unusual is parsed again below, which says what is wrong.
        try:
            return read_regular(text), True
        except Irregular:
            pass
        try:
            return plain_data(_SAFE[tags].compose(text)), False
        except (Irregular, YAMLError, RecursionError):
            pass
    return _parse(_SAFE[tags], text, path), False


def parse_roundtrip(text: str, path: Path) -> object:
    """Parse one document into an editable round-trip document (comments, order and quotes kept)."""
    return _parse(_roundtrip_yaml(), text, path)


def _parse(yaml: YAML, text: str, path: Path) -> object:
    _refuse_directives(text, path)
    candidate = _deep_candidate(text)
    if candidate is not None:
        _refuse_deep_nesting(text, path, candidate)
    try:
        data = yaml.load(text)
    except _LedgerYAMLRefusal as exc:
        raise located_problem(exc.message, path, exc.mark, exc.hint) from None
    except MaxDepthExceededError as exc:
        raise depth_problem(path, exc.problem_mark) from None
    except MarkedYAMLError as exc:
        raise syntax_problem(exc, path, text) from None
    except YAMLError as exc:
        raise unmarked_problem(exc, path) from None
    except RecursionError:
        raise depth_problem(path, None) from None
    return data


_DIRECTIVE = re.compile(r"^%(\S*)[ \t]*(\S*)", re.M)


def _refuse_directives(text: str, path: Path) -> None:
    """Refuse `%YAML 1.1` (it turns no/on into booleans and 0755 into octal) and `%TAG`."""
    if "%" not in text:
        return
    for match in _DIRECTIVE.finditer(text):
        name, value = match.group(1), match.group(2)
        if name == "YAML" and value == "1.2":
            continue
        line = text.count("\n", 0, match.start()) + 1
        if name == "YAML":
            message = (
                f"“%YAML {value}”指令会改变取值的含义（YAML 1.1 把 no、on 读成 false、true，"
                "把 0755 读成八进制数）"
            )
        elif name == "TAG":
            message = "“%TAG”指令用于定义标签，台账不接受标签"
        else:
            message = f"“%{name}”不是台账文件中能用的写法"
        raise DataError(
            [
                Problem(
                    message,
                    path,
                    line,
                    1,
                    hint="删除这一行（台账按 YAML 1.2 读取）；若“%”是文字的一部分，请加双引号并缩进",
                    code="syntax",
                )
            ]
        )


# A line indented past any record's depth, or many "- " in a row: worth a precise look. A file with
# neither (and no deep brackets) nests at most a few dozen levels, far from where the C parser's
# recursion could crash the interpreter (tens of thousands); records themselves are 6 levels deep.
_DEEP_BLOCK = re.compile(rf"^ {{{MAX_DEPTH},}}\S.*$|^.*(?:[-?][ ]+){{{MAX_DEPTH // 2},}}.*$", re.M)
_BRACKET = re.compile(r"[\[\]{}]")


def _deep_candidate(text: str) -> int | None:
    """Where nesting may pass the limit, from a quick look at the text (quotes ignored), or None."""
    candidates = []
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for match in _BRACKET.finditer(text):
            depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
            if depth > MAX_DEPTH:
                candidates.append(match.end())
                break
    block = _DEEP_BLOCK.search(text)
    if block:
        candidates.append(block.end())
    return min(candidates) if candidates else None


def _refuse_deep_nesting(text: str, path: Path, candidate: int | None = None) -> None:
    """Refuse nesting deeper than any record needs, before a recursive parser can blow up on it.

    The depth-limited parser reads only up to the suspicious place first: deep flow nesting makes
    its scanner slow, and the limit is met right there unless the brackets were inside quotes.
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.max_depth = MAX_DEPTH
    for part in (text[:candidate], text) if candidate is not None else (text,):
        try:
            yaml.compose(part)
        except MaxDepthExceededError as exc:
            raise depth_problem(path, exc.problem_mark) from None
        except (YAMLError, RecursionError):
            # Other faults are reported by the real parse, with their own message.
            continue
        if part is text:
            return


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
