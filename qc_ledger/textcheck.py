"""Checks on a data file's bytes and text before YAML sees them: encoding, line ends, keyboard slips.

Standard library only. Each check returns Problems with a line and column and says what to retype.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 20_000

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)")
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_FULLWIDTH_COLON_KEY = re.compile(rf"^[ \u3000]*(?:-[ \u3000]+)?({_KEY})[ \u3000]*：")
_NO_SPACE_KEY = re.compile(rf"^[ ]*(?:-[ ]+)?({_KEY}):(?=[^\s:/])")
_FLOW_SEQ = re.compile(r":[ ]+\[([^\]\"']*)\]")


def decode(data: bytes, path: Path) -> str:
    """Decode a data file as UTF-8 (a BOM is fine) and normalise line ends to LF."""
    if len(data) > MAX_FILE_BYTES:
        raise_problem(
            f"文件过大（{len(data) // 1024} KiB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MiB",
            path,
            hint="一个任务一个文件；请检查是否误粘贴了大量内容",
        )
    if b"\x00" in data[:8192]:
        raise_problem(
            "这不是文本文件（含有二进制内容）",
            path,
            hint="台账文件必须是 UTF-8 编码的 YAML 文本；请从 git 恢复该文件",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise_problem(
                "文件不是 UTF-8 编码，也不是可识别的中文编码",
                path,
                line,
                column,
                hint="请用编辑器把文件另存为 UTF-8 编码",
            )
        raise_problem(
            "文件是 GBK/GB18030 编码（中文 Windows 记事本、WPS 的默认编码），台账只接受 UTF-8",
            path,
            line,
            column,
            hint="在记事本中“另存为”并把编码选为 UTF-8，或运行 "
            "iconv -f GB18030 -t UTF-8 原文件 > 新文件",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def lint(text: str, path: Path, known_keys: frozenset[str]) -> list[Problem]:
    """Find merge-conflict markers, tabs and Chinese-keyboard slips that YAML would accept silently."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(
                Problem(
                    f"这一行过长（{len(line)} 个字符）",
                    path,
                    number,
                    1,
                    hint=f"一行不超过 {MAX_LINE_CHARS} 个字符；长文字请分成多条记录",
                )
            )
            continue
        if _CONFLICT.match(line):
            problems.append(
                Problem(
                    "文件中有未解决的合并冲突标记（<<<<<<< / ======= / >>>>>>>）",
                    path,
                    number,
                    1,
                    hint="保留正确的内容，删除冲突标记行，然后再提交",
                    code="merge_conflict",
                )
            )
            continue
        indent = len(line) - len(line.lstrip(" \t\u3000"))
        leading = line[:indent]
        if "\t" in leading:
            problems.append(
                Problem(
                    "缩进中有制表符（Tab）",
                    path,
                    number,
                    leading.index("\t") + 1,
                    hint="YAML 缩进只能用半角空格；请把 Tab 换成空格",
                    code="tab_indent",
                )
            )
        if "\u3000" in leading:
            problems.append(
                Problem(
                    "缩进中有全角空格（中文输入法下的空格）",
                    path,
                    number,
                    leading.index("\u3000") + 1,
                    hint="请删除这个全角空格，改用半角空格缩进",
                    code="fullwidth_space",
                )
            )
        match = _FULLWIDTH_COLON_KEY.match(line)
        if match and match.group(1) in known_keys:
            problems.append(
                Problem(
                    f"字段名“{match.group(1)}”后面用了全角冒号“：”",
                    path,
                    number,
                    line.index("：") + 1,
                    hint="请把“：”改为半角冒号“:”，并在冒号后加一个空格",
                    code="fullwidth_colon",
                )
            )
            continue
        match = _NO_SPACE_KEY.match(line)
        if match and match.group(1) in known_keys:
            problems.append(
                Problem(
                    f"字段名“{match.group(1)}:”后面缺少空格，整行会被当成一段文字",
                    path,
                    number,
                    match.end(1) + 2,
                    hint="请在半角冒号“:”后加一个空格",
                    code="no_space_after_colon",
                )
            )
        match = _FLOW_SEQ.search(line)
        if match and "，" in match.group(1):
            problems.append(
                Problem(
                    "方括号列表中用了全角逗号“，”，整个列表会被当成一项",
                    path,
                    number,
                    match.start(1) + match.group(1).index("，") + 1,
                    hint="请把列表中的“，”改为半角逗号“,”；若逗号是文字的一部分，请给该项加双引号",
                    code="fullwidth_comma",
                )
            )
    return problems


def raise_problem(message: str, path: Path, line=None, column=None, *, hint=None):
    """Raise a DataError for one problem in one file."""
    from .errors import DataError

    raise DataError([Problem(message, path, line, column, hint=hint, code="file")])
