"""Help screens in Chinese: the parser's chrome (Usage, Options, defaults, placeholders) translated.

Typer and its vendored Click write the chrome in English; every help screen passes through
`chinese_help` on its way out, so no command can forget it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata

import typer
from typer.core import TyperCommand, TyperGroup

_CHROME = (
    ("Usage: ", "用法："),
    ("Options:", "选项："),
    ("Commands:", "命令："),
    ("Arguments:", "参数："),
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("[required]", "[必填]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("[OPTIONS]", "[选项]"),
)
# Placeholders the parser writes for an option's or argument's value.
_PLACEHOLDERS = {
    "TEXT": "文字",
    "NAME": "名称",
    "DATE": "日期",
    "ID": "编号",
    "MEASURE_ID": "措施编号",
    "RECORD_ID": "编号",
    "STATUS": "状态",
    "PERCENT": "进度",
    "DAYS": "天数",
    "DIR": "目录",
    "FILE": "文件",
    "PATH": "路径",
    "INTEGER": "整数",
    "BASE": "基准",
    "HEAD": "分支",
    "OURS": "这边",
    "THEIRS": "另一边",
    "SHOWN": "路径",
    "BODY_FILE": "正文文件",
    "UNIT": "单位",
    "GROUP": "工作组",
    "QUERY": "文字",
    "N": "数目",
    "ORDER": "排序",
    "SETTING": "设置项",
    "VALUE": "值",
    "FORMAT": "格式",
    "CADENCE": "周期",
    "DELIVERABLE": "成果",
    "<str>": "文字",
    "<path>": "路径",
    "<int>": "整数",
}
_PLACEHOLDER = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_PLACEHOLDERS, key=len, reverse=True)) + r")(?![\w-])"
)


def placeholder_word(metavar: str) -> str:
    """An argument's placeholder as the help shows it: 措施编号 for MEASURE_ID, brackets dropped."""
    bare = metavar.strip("[]{}.")
    return _PLACEHOLDER.sub(lambda m: _PLACEHOLDERS[m.group(1)], bare)


_DEFAULT = re.compile(r"\[default: ([^\]]*)\]")
_ENV = re.compile(r"\[env var: ([^\]]*)\]")
_RANGE = re.compile(r"\[?x([<>]=?)(\d+)\]?")


# Typer's own options, whose help the parser may have wrapped over two lines.
_TYPER_OPTIONS = (
    (
        "Install completion for the current shell.",
        "为当前的 shell（bash、zsh、fish、PowerShell）安装命令补全。",
    ),
    (
        "Show completion for the current shell, to copy it or customize the installation.",
        "显示当前 shell 的补全脚本，可复制或自行安装。",
    ),
)


def chinese_help(text: str, width: int | None = None) -> str:
    """A help screen with the parser's English replaced by Chinese; trailing spaces dropped; with
    `width`, every line wrapped to that many display columns."""
    for english, chinese in _CHROME:
        text = text.replace(english, chinese)
    for english, chinese in _TYPER_OPTIONS:
        text = re.sub(r"\s+".join(map(re.escape, english.split())), chinese, text)
    # A long default may be wrapped after its label: translate the label alone.
    text = re.sub(r"\[default:( |(?=\n))", "[默认：", text)
    text = re.sub(r"\[env var:( |(?=\n))", "[环境变量：", text)
    text = _RANGE.sub(lambda m: f"[{'≥' if m.group(1).startswith('>') else '≤'}{m.group(2)}]", text)
    lines = []
    for line in text.split("\n"):
        # Only the usage line and the first column of a row carry placeholders; prose is left alone.
        if line.startswith("用法：") or re.match(r"^  \S", line):
            head, gap, rest = _split(line) if line.startswith("  ") else (line, "", "")
            new = _PLACEHOLDER.sub(lambda m: _PLACEHOLDERS[m.group(1)], head)
            # Keep the help column where it was: a placeholder in Chinese is wider or narrower.
            if gap:
                gap = " " * max(2, len(gap) - (_width(new) - _width(head)))
            line = new + gap + rest
        lines.append(line.rstrip())
    if width is not None:
        lines = [part for line in lines for part in wrap_line(line, width)]
    return "\n".join(lines)


# The parser wraps by characters (a CJK character is two columns wide) and breaks words: it is
# given no width, and every line is wrapped here by display width instead.
NO_WRAP = 10_000
_OPENING = "（《「『“‘【"
_CLOSING = "，。、；：）》」』”’！？】…"
_ROW = re.compile(r"^(\s*\S.*?\s{2,})(\S.*)$")


def help_width() -> int:
    """The width help is wrapped to: the terminal's (COLUMNS when set), less a margin, at least 50."""
    return max(shutil.get_terminal_size().columns - 2, 50)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: a CJK character or a Latin word, with the punctuation that
    may not start a line (or end one) kept beside it, and the spaces after it."""
    tokens, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] in _OPENING:
            j += 1
        if j < len(text) and _wide(text[j]):
            j += 1
        else:
            while j < len(text) and not text[j].isspace() and not _wide(text[j]):
                j += 1
        while j < len(text) and text[j] in _CLOSING:
            j += 1
        while j < len(text) and text[j] == " ":
            j += 1
        j = max(j, i + 1)
        tokens.append(text[i:j])
        i = j
    return tokens


def wrap_line(line: str, width: int) -> list[str]:
    """One help line as lines of at most `width` display columns; a row's help keeps its column.

    An example line (例：…) breaks only between its examples, so that each can be pasted whole.
    """
    if _width(line) <= width:
        return [line]
    row = _ROW.match(line)
    if row and _width(row.group(1)) <= width // 2:
        head, body = row.group(1), row.group(2)
    else:  # prose, or a help text the parser put under a long option: it keeps its indent
        indent = len(line) - len(line.lstrip(" "))
        head, body = line[:indent], line[indent:]
    hang = _width(head)
    room = width - hang
    if body.startswith("例："):
        pieces = [part + "；" for part in body.split("；")]
        pieces[-1] = pieces[-1][:-1]
    else:
        pieces = _tokens(body)
    lines, current = [], ""
    for piece in pieces:
        if current and _width(current + piece.rstrip()) > room:
            lines.append(current.rstrip())
            current = piece.lstrip(" ")
        else:
            current += piece
    lines.append(current.rstrip())
    return [head + lines[0], *(" " * hang + rest for rest in lines[1:])]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _split(line: str) -> tuple[str, str, str]:
    """An option row: the options with their placeholders, the gap, the help text."""
    match = re.match(r"^(\s+\S.*?)(\s{2,})(.*)$", line)
    if match is None:
        return line, "", ""
    return match.group(1), match.group(2), match.group(3)


# The order `ledger --help` lists the commands in (their modules are imported in this order): the
# daily ones first. A command left out comes after these, by name; groups (new, config, cache) come
# after the plain commands whatever their place, as Typer lists them.
HELP_ORDER = (
    "status",
    "validate",
    "schemas",
    "list",
    "show",
    "unit",
    "units",
    "export",
    "import",
    "update",
    "ack",
    "close",
    "fmt",
    "log",
    "changes",
    "review",
    "setup",
    "merge-file",
    "codeowners",
    "forms",
    "apply-form",
    "undo",
    "demo",
    "init",
    "refine",
    "reminders",
    "assess",
    "report",
    "dossier",
    "office",
    "site",
    "federate",
    "accounts",
    "cache",
    "new",
    "config",
)


def help_rank(command: str) -> tuple[int, str]:
    """Where the help lists a command: by HELP_ORDER, then by name."""
    rank = HELP_ORDER.index(command) if command in HELP_ORDER else len(HELP_ORDER)
    return rank, command


def _unwrapped(get_help, ctx) -> str:
    """The parser's help with no wrapping of its own (and no short help cut), in Chinese, wrapped
    by display width."""
    wanted = ctx.terminal_width
    ctx.terminal_width = NO_WRAP
    try:
        text = get_help(ctx)
    finally:
        ctx.terminal_width = wanted
    return chinese_help(text, wanted or help_width())


class HelpGroup(TyperGroup):
    """A command group whose help is in Chinese."""

    def get_help(self, ctx) -> str:
        return _unwrapped(super().get_help, ctx)


class HelpCommand(TyperCommand):
    """A command whose help is in Chinese."""

    def get_help(self, ctx) -> str:
        return _unwrapped(super().get_help, ctx)


class LedgerTyper(typer.Typer):
    """A Typer app whose commands and groups all have Chinese help."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", HelpCommand)
        return super().command(*args, **kwargs)
