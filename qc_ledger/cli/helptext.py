"""Help screens in Chinese: the parser's chrome (Usage, Options, defaults, placeholders) translated.

Typer and its vendored Click write the chrome in English; every help screen passes through
`chinese_help` on its way out, so no command can forget it.
"""

from __future__ import annotations

import re
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
    "<str>": "文字",
    "<path>": "路径",
    "<int>": "整数",
}
_PLACEHOLDER = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_PLACEHOLDERS, key=len, reverse=True)) + r")(?![\w-])"
)
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


def chinese_help(text: str) -> str:
    """A help screen with the parser's English replaced by Chinese; trailing spaces dropped."""
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
    return "\n".join(lines)


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


class HelpGroup(TyperGroup):
    """A command group whose help is in Chinese."""

    def get_help(self, ctx) -> str:
        return chinese_help(super().get_help(ctx))


class HelpCommand(TyperCommand):
    """A command whose help is in Chinese."""

    def get_help(self, ctx) -> str:
        return chinese_help(super().get_help(ctx))


class LedgerTyper(typer.Typer):
    """A Typer app whose commands and groups all have Chinese help."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", HelpCommand)
        return super().command(*args, **kwargs)
