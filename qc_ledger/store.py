"""YAML text <-> plain data and round-trip documents; the only module that imports ruamel.yaml.

Reads go through ruamel's C-backed safe loader; edits and error locations use the round-trip loader,
configured so that an unchanged document dumps back byte for byte.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import io
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

from .errors import DataError, LedgerError, Problem

MAX_DEPTH = 32

# (text in ruamel's message, our message, our hint, which mark: "problem" or "context").
_SYNTAX_HINTS: list[tuple[str, str, str, str]] = [
    ("found duplicate key", "同一层级里出现了重复的字段名", "删除或合并重复的那一行", "problem"),
    (
        "expected a single document",
        "这一行的“---”开始了第二个 YAML 文档，一个文件只能有一条记录",
        "删除这一行“---”及其后多余的内容；若确实是另一条记录，请另建一个文件",
        "problem",
    ),
    (
        "while scanning a quoted scalar",
        "这里开始的引号没有闭合",
        "在这段文字末尾补上对应的引号（\"…\" 或 '…'）",
        "context",
    ),
    (
        "while parsing a flow sequence",
        "这里开始的方括号“[”没有闭合",
        "在列表末尾补上“]”，并检查逗号",
        "context",
    ),
    (
        "while parsing a flow mapping",
        "这里开始的花括号“{”没有闭合",
        "在末尾补上“}”，并检查逗号",
        "context",
    ),
    (
        "found unexpected end of stream",
        "文件在引号或括号闭合之前就结束了",
        '检查引号（"）和括号（[ ] { }）是否成对',
        "problem",
    ),
    (
        "mapping values are not allowed",
        "这里不能出现“: ”（冒号加空格）",
        "如果冒号是文字的一部分，请给整段文字加双引号；否则检查这一行和上一行的缩进",
        "problem",
    ),
    (
        "could not find expected ':'",
        "缺少冒号，或缩进不对",
        "每个字段写成“字段名: 值”（半角冒号加空格），并检查缩进",
        "problem",
    ),
    (
        "found character '\\t'",
        "这里有制表符（Tab）",
        "YAML 只能用半角空格缩进；请把 Tab 换成空格",
        "problem",
    ),
    (
        "expected <block end>",
        "缩进不一致",
        "同一层级的字段必须对齐；列表项以“- ”开头并对齐",
        "problem",
    ),
    (
        "did not find expected '-' indicator",
        "缩进不一致",
        "同一层级的字段必须对齐；列表项以“- ”开头并对齐",
        "problem",
    ),
    (
        "did not find expected <document start>",
        "这一行的缩进或位置不对，YAML 读到这里以为记录已经结束",
        "检查这一行的缩进是否与上下文对齐；若文件开头有“%YAML”一类指令，请删除",
        "problem",
    ),
    (
        "did not find expected node content",
        "这里缺少内容，或括号不成对",
        "检查方括号和花括号是否成对，逗号后是否有内容",
        "problem",
    ),
    (
        "found undefined alias",
        "使用了别名（*名称）",
        "台账文件不使用锚点和别名；请把内容直接写出，或给以“*”开头的文字加双引号",
        "problem",
    ),
    (
        "could not determine a constructor for the tag",
        "使用了不允许的 YAML 标签（以“!”开头）",
        "删除“!”开头的标签；台账文件只写普通的文字、数字、日期和列表",
        "problem",
    ),
    (
        "found unhashable key",
        "字段名不能是列表或映射",
        "字段名写成“字段名: 值”；以“[”“{”或“? ”开头的内容请加双引号",
        "problem",
    ),
    (
        "found undefined tag handle",
        "使用了不允许的 YAML 标签（以“!”开头）",
        "删除“!”开头的标签；若“!”是文字的一部分，请给整段文字加双引号",
        "problem",
    ),
    (
        "found character '@' that cannot start any token",
        "“@”不能出现在未加引号的文字开头",
        "给这段文字加双引号",
        "problem",
    ),
    (
        "found character '`' that cannot start any token",
        "“`”不能出现在未加引号的文字开头",
        "给这段文字加双引号",
        "problem",
    ),
    (
        "found character '%' that cannot start any token",
        "“%”不能出现在未加引号的文字开头",
        "给这段文字加双引号",
        "problem",
    ),
    (
        "while parsing a flow",
        "方括号或花括号没有闭合",
        "检查 [ ] 和 { } 是否成对",
        "context",
    ),
]


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# Plain words that YAML 1.1 readers (PyYAML, many editors) take for booleans; YAML 1.2 keeps them text.
_YAML11_BOOLS = frozenset({"y", "n", "yes", "no", "on", "off"})


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
        if node.style in ("", None) and value.lower() in _YAML11_BOOLS:
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


_RefusingSafeConstructor.add_constructor(_STR, _RefusingSafeConstructor.construct_yaml_str)
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
            elif node.tag != _STR:
                raise _tag_refusal(node)
        elif node.tag not in (_MAP, _SEQ):
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
    """Writes None as `null`, as the data files spell it."""


_NullRepresenter.add_representer(
    type(None),
    lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "null"),
)

# Text the loader would refuse unquoted: YAML 1.1 booleans, and text that starts like "key:" or
# "key：" (the lint takes it for a keyboard slip).
_NEEDS_QUOTES = re.compile(r"[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]")


def _represent_text(representer: RoundTripRepresenter, data: str):
    if data.lower() in _YAML11_BOOLS or _NEEDS_QUOTES.match(data):
        return representer.represent_scalar(_STR, data, style="'")
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
    # Without a "!" there can be no tag, and the per-node tag check (a third of the time) is skipped.
    tags = "!" in text
    if tags not in _SAFE:
        _SAFE[tags] = _safe_yaml(tags)
    return _parse(_SAFE[tags], text, path)


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
        raise _problem(exc.message, path, exc.mark, exc.hint) from None
    except MaxDepthExceededError as exc:
        raise _depth_problem(path, exc.problem_mark) from None
    except MarkedYAMLError as exc:
        raise _syntax_problem(exc, path, text) from None
    except YAMLError as exc:
        raise _unmarked_problem(exc, path) from None
    except RecursionError:
        raise _depth_problem(path, None) from None
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
            raise _depth_problem(path, exc.problem_mark) from None
        except (YAMLError, RecursionError):
            # Other faults are reported by the real parse, with their own message.
            continue
        if part is text:
            return


def _depth_problem(path: Path, mark) -> DataError:
    return _problem(
        f"嵌套层级超过 {MAX_DEPTH} 层，台账不读取这样的文件",
        path,
        mark,
        "台账记录不需要这么深的嵌套；请检查文件是否被损坏，或从 git 恢复该文件",
    )


def _unmarked_problem(exc: YAMLError, path: Path) -> DataError:
    """Errors raised before a mark is known, such as the reader's refusal of a control character."""
    text = str(exc)
    match = re.search(r"unacceptable character #x([0-9a-fA-F]+)", text)
    if match:
        return DataError(
            [
                Problem(
                    f"文件中有不允许的控制字符 U+{match.group(1).upper()}",
                    path,
                    hint="删除这个看不见的字符（多半是复制粘贴时带进来的）",
                    code="syntax",
                )
            ]
        )
    return DataError(
        [
            Problem(
                f"YAML 语法错误：{text.splitlines()[0] if text else type(exc).__name__}",
                path,
                hint="对照同目录下其他文件的写法检查",
                code="syntax",
            )
        ]
    )


def _syntax_problem(exc: MarkedYAMLError, path: Path, text: str = "") -> DataError:
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    for needle, message, hint, which in _SYNTAX_HINTS:
        if needle in detail:
            mark = exc.context_mark if which == "context" else exc.problem_mark
            mark = mark or exc.problem_mark or exc.context_mark
            if mark is not None and _CURLY_QUOTES.search(_line_at(text, mark.line)):
                hint = '中文引号“”不是 YAML 的引号：请用半角双引号 "…" 把整段文字括起来'
            return _problem(message, path, mark, hint)
    return _problem(
        f"YAML 语法错误（{exc.problem or exc.context}）",
        path,
        exc.problem_mark or exc.context_mark,
        "对照同目录下其他文件的写法检查这一行及上一行",
    )


_CURLY_QUOTES = re.compile(r":[ ]+[“‘]")


def _line_at(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


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


# Temporary files are named `.<target>.<random>.tmp` next to their target: the leading dot keeps
# the loader from reading one that an interrupted write left behind.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def _temporary(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _write_temporary(path: Path, data: bytes) -> str:
    """Write data to a new temporary file beside `path` and fsync it; return its name."""
    try:
        handle, temporary = _temporary(path)
    except OSError as exc:
        raise write_error(exc, path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
    return temporary


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace a file with text (UTF-8, LF ends) or exact bytes: temporary file, fsync, rename.

    A process killed at any moment leaves either the old file or the new one, never a mix.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = _write_temporary(path, data)
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable; best effort (some systems cannot open or sync a folder)."""
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def write_error(exc: OSError, path: Path) -> LedgerError:
    """Say why a file could not be written, and that it was left as it was."""
    folder = path.parent
    denied = (
        (f"没有写入 {folder} 的权限", "换有写权限的用户运行，或修改该目录的权限后重试")
        if os.name != "nt"
        else (
            "无法写入：文件正被其他程序打开，或没有写权限",
            "关闭打开该文件的程序（编辑器、表格软件）后重试",
        )
    )
    reasons = {
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.EROFS: (
            f"{folder} 在只读的文件系统上",
            "把台账放在可写的位置（例如 git clone 到自己的目录）后重试",
        ),
        errno.ENOSPC: ("磁盘空间已满", "清理磁盘空间后重试"),
        errno.EDQUOT: ("超出了磁盘配额", "清理空间或申请更大的配额后重试"),
    }
    message, hint = reasons.get(
        exc.errno or 0,
        (
            f"无法写入（{exc.strerror or exc}）",
            "检查该文件和所在目录是否可写、是否被其他程序占用，然后重试",
        ),
    )
    return LedgerError([Problem(f"{message}，文件没有改动", path, hint=hint, code="file")])


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files interrupted writes left in `path`'s folder (call under the lock)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and match.group("name").endswith(".yaml") and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed


def read_file(path: Path) -> tuple[bytes, str]:
    """A data file's exact bytes and its text (UTF-8 checked, LF ends), read once."""
    from .textcheck import decode

    raw = path.read_bytes()
    return raw, decode(raw, path)


def read_text(path: Path) -> str:
    """Read a data file as text: UTF-8 checked, line ends normalised to LF (for edits under a lock)."""
    from .textcheck import decode

    return decode(path.read_bytes(), path)


# Editing round-trip documents in place. Comments in ruamel hang on the node *before* them, so a
# comment line that precedes the next record belongs to the last value of this one; whenever a new
# value becomes the last one (an appended item, a key added at the end, a reordering) those comment
# lines are moved onto it, so they stay where the reader saw them.


def is_roundtrip_map(node: object) -> bool:
    """Tell whether a node is a round-trip mapping."""
    return isinstance(node, CommentedMap)


def is_roundtrip_seq(node: object) -> bool:
    """Tell whether a node is a round-trip sequence."""
    return isinstance(node, CommentedSeq)


def _is_block(node: object) -> bool:
    return (
        isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not node.fa.flow_style()
    )


def _tail_holder(node: object) -> tuple[list, int] | None:
    """Return the comment slot that ends a block node: (entry list, index in it), if any."""
    if not _is_block(node):
        return None
    if isinstance(node, CommentedMap):
        key = next(reversed(node))
        if _is_block(node[key]):
            return _tail_holder(node[key])
        entry = node.ca.items.get(key)
        return (entry, 2) if entry and len(entry) > 2 and entry[2] is not None else None
    index = len(node) - 1
    if _is_block(node[index]):
        return _tail_holder(node[index])
    entry = node.ca.items.get(index)
    return (entry, 0) if entry and entry[0] is not None else None


def _take_tail(node: object) -> object | None:
    """Detach the full comment lines that follow a node's last line; keep its end-of-line comment."""
    holder = _tail_holder(node)
    if holder is None:
        return None
    entry, index = holder
    token = entry[index]
    value = token.value
    cut = value.find("\n")
    if cut < 0 or not value[cut + 1 :].strip():
        return None
    head, rest = value[: cut + 1], value[cut + 1 :]
    tail = copy.copy(token)
    tail.value = "\n" + rest
    if head.strip():
        token.value = head
    else:
        entry[index] = None
    return tail


def _put_tail(node: object, tail: object | None) -> None:
    """Attach detached comment lines after the last line of a block node."""
    if tail is None:
        return
    if isinstance(node, CommentedMap):
        key = next(reversed(node))
        if _is_block(node[key]):
            _put_tail(node[key], tail)
            return
        entry = node.ca.items.setdefault(key, [None, None, None, None])
        if entry[2] is not None:
            entry[2].value = entry[2].value.rstrip("\n") + tail.value
        else:
            entry[2] = tail
        return
    index = len(node) - 1
    if _is_block(node[index]):
        _put_tail(node[index], tail)
        return
    entry = node.ca.items.setdefault(index, [None, None, None, None])
    if entry[0] is not None:
        entry[0].value = entry[0].value.rstrip("\n") + tail.value
    else:
        entry[0] = tail


def new_map(pairs: dict) -> CommentedMap:
    """A new round-trip mapping (block style) holding `pairs` in order; nested lists become block lists."""
    mapping = CommentedMap()
    for key, value in pairs.items():
        mapping[key] = _node(value)
    return mapping


def _node(value: object) -> object:
    if isinstance(value, dict):
        return new_map(value)
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_node(item) for item in value)
        if not seq:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        return text_scalar(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        # A fresh object: the same date object in two places would be dumped as an anchor and alias.
        return dt.date(value.year, value.month, value.day)
    return value


def text_scalar(text: str, like: object = None) -> str:
    """A string scalar: multi-line text as a literal block, else in the quoting style of `like`."""
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(like, ScalarString) and not isinstance(
        like, LiteralScalarString | FoldedScalarString
    ):
        return type(like)(text)
    return text


def set_value(mapping: CommentedMap, key: str, value: object, order: Sequence[str] = ()) -> None:
    """Set a key's value in place; a new key goes where `order` puts it (else at the end)."""
    if key in mapping:
        old = mapping[key]
        value = text_scalar(value, old) if isinstance(value, str) else _node(value)
        tail = _take_tail(mapping) if next(reversed(mapping)) == key and _is_block(old) else None
        mapping[key] = value
        _put_tail(mapping, tail)
        return
    node = _node(value)
    later = list(order[order.index(key) + 1 :]) if key in order else []
    position = next(
        (index for index, existing in enumerate(mapping) if existing in later), len(mapping)
    )
    if position == len(mapping):
        tail = _take_tail(mapping)
        mapping[key] = node
        _put_tail(mapping, tail)
    else:
        mapping.insert(position, key, node)


def append_item(seq: CommentedSeq, item: object) -> None:
    """Append an item to a sequence in place; an empty flow list `[]` becomes a block list."""
    tail = _take_tail(seq)
    if not len(seq):
        seq.fa.set_block_style()
        seq.ca.comment = None
    seq.append(_node(item))
    _put_tail(seq, tail)


def replace_item(container: CommentedMap | CommentedSeq, key: object, text: str) -> None:
    """Replace a string scalar in place, keeping its quoting style and its comments."""
    container[key] = text_scalar(text, container[key])


def reorder(mapping: CommentedMap, order: Sequence[str]) -> bool:
    """Put a mapping's keys in `order` (unknown keys last, as they were); True if anything moved."""
    rank = {key: index for index, key in enumerate(order)}
    keys = list(mapping)
    wanted = sorted(keys, key=lambda key: rank.get(key, len(rank)))
    if wanted == keys:
        return False
    tail = _take_tail(mapping)
    for key in wanted:
        mapping.move_to_end(key)
    _put_tail(mapping, tail)
    return True


def write_new(path: Path, text: str) -> None:
    """Create a new file atomically with the usual permissions; FileExistsError if it exists."""
    temporary = _write_temporary(path, text.encode("utf-8"))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        try:
            # A hard link never replaces an existing file, unlike a rename.
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links on this file system (FAT, some network shares): check, then rename.
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    _sync_folder(path.parent)


def to_block_style(node: object) -> int:
    """Turn every non-empty flow collection (`[a, b]`, `{k: v}`) under node into block style; count them."""
    count = 0
    if isinstance(node, CommentedMap | CommentedSeq):
        if len(node) and node.fa.flow_style():
            node.fa.set_block_style()
            count += 1
        children = node.values() if isinstance(node, CommentedMap) else node
        count += sum(to_block_style(child) for child in children)
    return count
