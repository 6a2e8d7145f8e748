"""Every line outside an edit stays as it was: the patched text checked against the file it replaces.

A change may touch only the lines of the record it edits; a comment inside them that the change
would drop or move is the user's to decide, anything else outside them is a defect and refused.
"""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path

from ..errors import DataError, LedgerError, Problem
from ..store import yaml as store


def internal_error(message: str, path: Path, line: int | None = None) -> LedgerError:
    return LedgerError(
        [
            Problem(
                f"内部错误：{message}；文件没有改动",
                path,
                line,
                hint="这是 qc-ledger 的缺陷；请把所运行的命令和该文件报告给维护者，"
                "并暂时直接编辑 YAML 文件",
                code="internal",
            )
        ],
        70,
    )


_BLOCK_START = re.compile(
    r"^(?P<indent>[ ]*)(?:- +)*(?:[A-Za-z_][A-Za-z0-9_]*: +)?[|>][0-9+-]*[ ]*(?:#.*)?$"
)


def _comment_flags(lines: list[str]) -> list[bool]:
    """Which lines are YAML comments (a "#" line inside a block scalar is text, not a comment)."""
    flags, block_indent = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            flags.append(False)
            continue
        block_indent = None
        flags.append(line.lstrip().startswith("#"))
        match = _BLOCK_START.match(line)
        if match:
            block_indent = len(match.group("indent"))
    return flags


def finish_edit(
    old_text: str, baseline: str, document: object, allowed: typing.Container[int], path: Path
) -> tuple[str, int]:
    """The patched document as text, with every line outside the change exactly as it was.

    `baseline` is what the round trip made of the document before it was patched: the patch is
    compared against it. Returns the text and how many lines outside the change the round trip had
    to normalise (0 when the old lines could all be kept).
    """
    new_text = store.dump_roundtrip(document)
    old_lines, base_lines, new_lines = (t.split("\n") for t in (old_text, baseline, new_text))
    matcher = difflib.SequenceMatcher(None, base_lines, new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    base_comments, new_comments = _comment_flags(base_lines), _comment_flags(new_lines)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        outside = i2 > i1 and not (i1 in allowed and i2 - 1 in allowed)
        if outside:
            raise internal_error("这次修改会改动记录以外的行或注释，已放弃写入", path, i1 + 1)
        if any(base_comments[i1:i2]) or any(new_comments[j1:j2]):
            # A comment someone wrote inside the record itself, in the lines this change rewrites.
            raise DataError.single(
                f"第 {i1 + 1} 行附近有注释，这次修改会删掉或移动它；已放弃写入，文件没有改动",
                path=path,
                line=i1 + 1,
                hint="先直接编辑文件，把这条注释移到别处或删掉，再运行命令",
            )
    if baseline == old_text:
        return new_text, 0
    if len(base_lines) != len(old_lines):
        # Lines were joined or dropped by the round trip: keep its text, and say so.
        return new_text, sum(a != b for a, b in zip(old_lines, base_lines, strict=False)) + abs(
            len(old_lines) - len(base_lines)
        )
    # The baseline matches the old text line for line: take every unchanged line from the old text.
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        out.extend(old_lines[i1:i2] if tag == "equal" else new_lines[j1:j2])
    return "\n".join(out), 0


def normalised_note(count: int) -> tuple[str, ...]:
    return (f"文件中另有 {count} 行按规范格式重写（行尾空格、空行或引号写法）",) if count else ()
