"""Checks on a data file's bytes and text before YAML sees them: encoding, line ends, keyboard slips.

Standard library only. Each check returns Problems with a line and column and says what to retype.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.invisible import INVISIBLE, find_invisible
from ..errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 20_000
# A file with hundreds of tabs needs one clear answer, not hundreds of lines: show a few of each kind.
MAX_SAME_PROBLEMS = 5

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?:\s|$)")
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_FULLWIDTH_COLON_KEY = re.compile(rf"^[ \u3000\u00a0]*(?:-[ \u3000\u00a0]+)?({_KEY})[ \u3000]*：")
_NO_SPACE_KEY = re.compile(rf"^[ ]*(?:-[ ]+)?({_KEY}):(?=[^\s:/])")
_ODD_SPACE_AFTER_KEY = re.compile(rf"^[ ]*(?:-[ ]+)?({_KEY}):([\u3000\u00a0])")
_FLOW_SEQ = re.compile(r":[ ]+\[([^\]\"']*)\]")
# Where a plain (unquoted) value starts: after "key: " or "- " at the start of a line.
_VALUE_START = re.compile(rf"^[ ]*(?:-[ ]+)*(?:{_KEY}:[ ]+)?")
_NOT_PLAIN = frozenset("\"'[{|>#&*!%@`")
_HASH_IN_VALUE = re.compile(r"(?:^|[ ])#(?=[^\s#])")
_EMPTY_VALUE_HASH = re.compile(rf"^[ ]*(?:-[ ]+)*(?:{_KEY}:[ ]+|-[ ]+)#(?=[^\s#])")
_BLOCK_SCALAR = re.compile(rf"^([ ]*(?:-[ ]+)*)({_KEY}:[ ]+)?[|>][0-9+-]*[ ]*(?:#.*)?$")


# Characters that are invisible or break lines where the eye sees none.
def decode(data: bytes, path: Path) -> str:
    """Decode a data file as UTF-8 (a BOM is fine) and normalise line ends to LF."""
    if len(data) > MAX_FILE_BYTES:
        refuse_size(len(data), path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise_problem(
            "文件是 UTF-16 编码（记事本“另存为”时选了“Unicode”），台账只接受 UTF-8",
            path,
            hint="在记事本中“另存为”并把编码选为 UTF-8，或运行 "
            "iconv -f UTF-16 -t UTF-8 原文件 > 新文件",
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
        _refuse_undecodable(data, exc, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def refuse_size(size: int, path: Path) -> None:
    """Refuse a file larger than any record needs, before reading or parsing it."""
    raise_problem(
        f"文件过大（{size / 1024 / 1024:.1f} MiB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MiB",
        path,
        hint="一个任务一个文件；请检查是否误粘贴了大量内容，或从 git 恢复该文件",
    )


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text with a NUL in every other byte."""
    sample = data[:512]
    if len(sample) < 8 or b"\x00" not in sample:
        return False
    return any(sample[start::2].count(0) > len(sample) // 4 for start in (0, 1))


def _refuse_undecodable(data: bytes, exc: UnicodeDecodeError, path: Path) -> None:
    line = data.count(b"\n", 0, exc.start) + 1
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
    try:
        decoded = data.decode("gb18030")
    except UnicodeDecodeError:
        decoded = None
    if decoded is None or INVISIBLE.search(decoded.replace("\t", "")):
        raise_problem(
            "文件不是 UTF-8 编码的文本，也不是可识别的中文编码（可能已损坏或根本不是文本）",
            path,
            line,
            column,
            hint="若是文本，请用编辑器另存为 UTF-8 编码；否则请从 git 恢复该文件",
        )
    shown = decoded.split("\n")[line - 1].strip()
    if len(shown) > 24:
        shown = shown[:24] + "…"
    raise_problem(
        f"文件是 GBK/GB18030 编码（中文 Windows 记事本、WPS 的默认编码），台账只接受 UTF-8"
        f"（第 {line} 行按 GBK 读出是“{shown}”）",
        path,
        line,
        column,
        hint="在记事本中“另存为”并把编码选为 UTF-8，或运行 "
        "iconv -f GB18030 -t UTF-8 原文件 > 新文件",
    )


def lint(text: str, path: Path, known_keys: frozenset[str]) -> list[Problem]:
    """Find merge-conflict markers, tabs, invisible characters and Chinese-keyboard slips."""
    lines = text.split("\n")
    if any(marker in text for marker in ("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
        conflicts = _conflicts(lines, path)
        if conflicts:
            # Everything else in a half-merged file is a follow-on of the conflict: one answer only.
            return conflicts
    # Checks that cannot match anywhere in the file are skipped line by line: one search of the
    # whole text instead of one per line (a province's cold load lints a million lines).
    invisible = INVISIBLE.search(text) is not None
    present = _present(text)
    odd_indent = "\t" in text or "odd_space" in present
    problems: list[Problem] = []
    block_indent: int | None = None
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(
                Problem(
                    f"这一行过长（{len(line)} 个字符）",
                    path,
                    number,
                    1,
                    hint=f"一行不超过 {MAX_LINE_CHARS} 个字符；请检查是否误粘贴了大量内容",
                    code="long_line",
                )
            )
            continue
        if invisible:
            problems.extend(_invisible(line, number, path))
        indent = len(line) - len(line.lstrip(" \t\u3000\u00a0"))
        if block_indent is not None:
            # Inside a literal block (text: |), lines are text, not keys: only indentation matters.
            if not line.strip() or len(line) - len(line.lstrip(" ")) > block_indent:
                continue
            block_indent = None
        if indent and odd_indent:
            problems.extend(_indentation(line[:indent], number, path))
        if present or "#" in line:
            problems.extend(_slips(line, number, path, known_keys, present))
        block = _BLOCK_SCALAR.match(line) if "|" in line or ">" in line else None
        if block:
            # Its text lines are those indented deeper than the key (or the "-") that opens it.
            opener = block.group(1)
            block_indent = len(opener) if block.group(2) else len(opener.rstrip()) - 1
    return _capped(problems)


def _conflicts(lines: list[str], path: Path) -> list[Problem]:
    """One problem per unresolved merge conflict, and one for any markers left of a half-resolved one."""
    markers = [
        (n, m.group(1)[0]) for n, line in enumerate(lines, 1) if (m := _CONFLICT.match(line))
    ]
    problems: list[Problem] = []
    strays: list[int] = []
    index = 0
    while index < len(markers):
        number, kind = markers[index]
        end = next((i for i in range(index + 1, len(markers)) if markers[i][1] == ">"), None)
        if kind == "<" and end is not None:
            problems.append(
                Problem(
                    f"第 {number}–{markers[end][0]} 行是未解决的合并冲突（<<<<<<< … ======= … >>>>>>>）",
                    path,
                    number,
                    1,
                    hint="“=======”上方是本分支的内容，下方是合并进来的内容。两边都是进展记录时"
                    "两边都保留（按日期排列）；状态或进度不同时与对方确认后留下实际的值；"
                    "删除冲突标记，再运行 ledger validate（运行过 ledger setup 的仓库会自动合并进展记录）",
                    code="merge_conflict",
                )
            )
            index = end + 1
            continue
        strays.append(number)
        index += 1
    if strays:
        shown = "、".join(str(n) for n in strays[:MAX_SAME_PROBLEMS])
        if len(strays) > MAX_SAME_PROBLEMS:
            shown += " 等"
        problems.append(
            Problem(
                f"第 {shown} 行是残留的合并冲突标记（"
                + "、".join(lines[n - 1][:7] for n in strays[:3])
                + "），合并冲突没有解决完",
                path,
                strays[0],
                1,
                hint="对照 git 中的两个版本确认保留的内容正确，然后删除这些冲突标记行",
                code="merge_conflict",
            )
        )
    return problems


def _invisible(line: str, number: int, path: Path) -> list[Problem]:
    found = find_invisible(line)
    if found is None:
        return []
    index, name = found
    return [
        Problem(
            f"这一行有看不见的字符 {name}",
            path,
            number,
            index + 1,
            hint="删除这个字符（多半是从网页、聊天软件或其他文档复制时带进来的）",
            code="invisible_char",
        )
    ]


def _indentation(leading: str, number: int, path: Path) -> list[Problem]:
    problems = []
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
    for char, name in (
        ("\u3000", "全角空格（中文输入法下的空格）"),
        ("\u00a0", "不换行空格（NBSP）"),
    ):
        if char in leading:
            problems.append(
                Problem(
                    f"缩进中有{name}",
                    path,
                    number,
                    leading.index(char) + 1,
                    hint="请删除这个空格，改用半角空格缩进",
                    code="fullwidth_space",
                )
            )
    return problems


_NO_SPACE_ANYWHERE = re.compile(_NO_SPACE_KEY.pattern, re.MULTILINE)


def _present(text: str) -> frozenset[str]:
    """Which slips could occur somewhere in the text (each needs a character or a pattern)."""
    found = set()
    if "：" in text:
        found.add("colon")
    if "\u3000" in text or "\u00a0" in text:
        found.add("odd_space")
    if _NO_SPACE_ANYWHERE.search(text):
        found.add("no_space")
    if "，" in text:
        found.add("comma")
    return frozenset(found)


_EVERY_SLIP = frozenset({"colon", "odd_space", "no_space", "comma"})


def _slips(
    line: str, number: int, path: Path, known_keys: frozenset[str],
    present: frozenset[str] = _EVERY_SLIP,
) -> list[Problem]:  # fmt: skip
    """Chinese-keyboard slips that YAML would silently turn into something else."""
    match = _FULLWIDTH_COLON_KEY.match(line) if "colon" in present else None
    if match and match.group(1) in known_keys:
        return [
            Problem(
                f"字段名“{match.group(1)}”后面用了全角冒号“：”",
                path,
                number,
                line.index("：") + 1,
                hint="请把“：”改为半角冒号“:”，并在冒号后加一个空格",
                code="fullwidth_colon",
            )
        ]
    match = _ODD_SPACE_AFTER_KEY.match(line) if "odd_space" in present else None
    if match and match.group(1) in known_keys:
        name = "全角空格" if match.group(2) == "\u3000" else "不换行空格（NBSP）"
        return [
            Problem(
                f"字段名“{match.group(1)}:”后面是{name}，整行会被当成一段文字",
                path,
                number,
                match.start(2) + 1,
                hint="请把冒号后的空格改为半角空格",
                code="no_space_after_colon",
            )
        ]
    match = _NO_SPACE_KEY.match(line) if "no_space" in present else None
    if match and match.group(1) in known_keys:
        return [
            Problem(
                f"字段名“{match.group(1)}:”后面缺少空格，整行会被当成一段文字",
                path,
                number,
                match.end(1) + 2,
                hint="请在半角冒号“:”后加一个空格",
                code="no_space_after_colon",
            )
        ]
    problems = []
    match = _FLOW_SEQ.search(line) if "comma" in present and "，" in line else None
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
    if "#" in line:
        problems.extend(_comment_slip(line, number, path))
    return problems


def _comment_slip(line: str, number: int, path: Path) -> list[Problem]:
    """`文件 #201号` unquoted: YAML drops everything from ` #` on as a comment."""
    empty = _EMPTY_VALUE_HASH.match(line)
    if empty:
        value_start = column = empty.end()
        kept = "空值（null）"
    else:
        value_start = _VALUE_START.match(line).end()
        first = line[value_start : value_start + 1]
        if not first or first in _NOT_PLAIN or first.isspace():
            return []  # quoted, a flow or block value, or no value: YAML keeps the "#" or there is none
        hash_match = _HASH_IN_VALUE.search(line, value_start)
        if hash_match is None:
            return []
        column = hash_match.end()
        kept = f"“{line[value_start : column - 1].strip()}”"
    value = line[value_start - (1 if empty else 0) :].strip()
    dropped = line[column - 1 :].rstrip()
    if len(dropped) > 12:
        dropped = dropped[:12] + "…"
    return [
        Problem(
            f"“{dropped}”会被当成注释丢掉，值只剩{kept}",
            path,
            number,
            column,
            hint=f'若“#”是文字的一部分，请给整段文字加双引号，例如 "{value}"；'
            "若是注释，请在“#”后加一个空格",
            code="comment_in_value",
        )
    ]


def _capped(problems: list[Problem]) -> list[Problem]:
    """Keep the first few problems of each kind and say how many more there are."""
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
        if counts[problem.code] <= MAX_SAME_PROBLEMS:
            kept.append(problem)
    for code, count in counts.items():
        if count > MAX_SAME_PROBLEMS:
            last = [p for p in kept if p.code == code][-1]
            kept.append(
                Problem(
                    f"另有 {count - MAX_SAME_PROBLEMS} 行有同样的问题（{last.message}）",
                    last.path,
                    hint=last.hint,
                    code=code,
                )
            )
    return kept


def raise_problem(message: str, path: Path, line=None, column=None, *, hint=None):
    """Raise a DataError for one problem in one file."""
    from ..errors import DataError

    raise DataError([Problem(message, path, line, column, hint=hint, code="file")])
