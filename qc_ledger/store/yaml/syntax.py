"""ruamel's syntax errors turned into Chinese messages with a line, a column and what to retype."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ...errors import DataError, Problem

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
        "did not find expected key",
        "这里应是“字段名: 值”，但格式或缩进不对",
        "与上一行同一层级的字段要对齐；列表项以“- ”开头",
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


def depth_problem(path: Path, mark) -> DataError:
    return located_problem(
        f"嵌套层级超过 {MAX_DEPTH} 层，台账不读取这样的文件",
        path,
        mark,
        "台账记录不需要这么深的嵌套；请检查文件是否被损坏，或从 git 恢复该文件",
    )


def unmarked_problem(exc: YAMLError, path: Path) -> DataError:
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


def syntax_problem(exc: MarkedYAMLError, path: Path, text: str = "") -> DataError:
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark is not None else -1
    explained = _flow_then_items(text, line, path) or _duplicate_key(detail, path, mark)
    if explained is None and any(needle in detail for needle in _INDENTATION_ERRORS):
        explained = _misaligned(text, line, path)
    if explained is not None:
        return explained
    for needle, message, hint, which in _SYNTAX_HINTS:
        if needle in detail:
            mark = exc.context_mark if which == "context" else exc.problem_mark
            mark = mark or exc.problem_mark or exc.context_mark
            if mark is not None and _CURLY_QUOTES.search(_line_at(text, mark.line)):
                hint = '中文引号“”不是 YAML 的引号：请用半角双引号 "…" 把整段文字括起来'
            return located_problem(message, path, mark, hint)
    # A parser complaint with no translation: said in Chinese, its own words kept for a bug report.
    return located_problem(
        "YAML 语法错误：这一行或上一行的写法不对",
        path,
        exc.problem_mark or exc.context_mark,
        f"对照同目录下其他文件的写法检查这一行及上一行（解析器的原话：{exc.problem or exc.context}）",
    )


_CURLY_QUOTES = re.compile(r":[ ]+[“‘]")
_INDENTATION_ERRORS = (
    "expected <block end>",
    "did not find expected key",
    "mapping values are not allowed",
    "did not find expected '-' indicator",
)
_EMPTY_FLOW = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]\w*):\s*(\[\]|\{\})\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^(\s*)(-\s+)?([A-Za-z_]\w*):(\s|$)")


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(index, line) of every line that is neither blank nor a comment."""
    return [
        (index, line)
        for index, line in enumerate(text.split("\n"))
        if line.strip() and not line.strip().startswith("#")
    ]


def _flow_then_items(text: str, line: int, path: Path) -> DataError | None:
    """`progress_log: []` kept while entries were added below it: the likeliest hand-edit slip."""
    lines = _content_lines(text)
    for position, (index, content) in enumerate(lines):
        found = _EMPTY_FLOW.match(content)
        if not found or index > line or position + 1 >= len(lines):
            continue
        below = lines[position + 1][1]
        deeper = len(below) - len(below.lstrip(" ")) > len(found.group(1))
        if deeper and index >= line - 3:
            key, empty = found.group(2), found.group(3)
            return DataError(
                [
                    Problem(
                        f"“{key}: {empty}”表示空列表，下面却又列出了条目",
                        path,
                        index + 1,
                        content.index(empty) + 1,
                        hint=f"删掉“{key}:”后面的“{empty}”，只写“{key}:”，下面的条目保留",
                        code="syntax",
                    )
                ]
            )
    return None


def _duplicate_key(detail: str, path: Path, mark) -> DataError | None:
    found = re.search(r'found duplicate key "([^"]+)"', detail)
    if found is None:
        return None
    key = found.group(1)
    return located_problem(
        f"字段“{key}”在同一层级出现了两次", path, mark, f"删除其中一行“{key}: …”，只保留正确的值"
    )


def _misaligned(text: str, line: int, path: Path) -> DataError | None:
    """A line indented a little off its siblings: name the line it should align with."""
    lines = _content_lines(text)
    here = next((content for index, content in lines if index == line), None)
    before = [(index, content) for index, content in lines if index < line]
    if here is None or not before:
        return None
    found = _KEY_LINE.match(before[-1][1])
    if found is None or before[-1][1].rstrip().endswith(":"):
        return None
    column = len(found.group(1)) + len(found.group(2) or "")
    indent = len(here) - len(here.lstrip(" "))
    if indent == column or abs(indent - column) > 3 or not _KEY_LINE.match(here):
        return None
    number = before[-1][0] + 1
    return DataError(
        [
            Problem(
                f"这一行缩进了 {indent} 格，与上一行（第 {number} 行“{found.group(3)}”）的 {column} 格不一致",
                path,
                line + 1,
                1,
                hint=f"改为 {column} 个空格，与第 {number} 行对齐",
                code="syntax",
            )
        ]
    )


def _line_at(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def located_problem(message: str, path: Path, mark, hint: str | None) -> DataError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return DataError([Problem(message, path, line, column, hint=hint, code="syntax")])
