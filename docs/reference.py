"""Write docs/reference.md: every command's `ledger … --help`, found by walking the Typer app.

Run from the repository root after changing a command's help or options:
    .venv/bin/python docs/reference.py            # rewrite docs/reference.md
    .venv/bin/python docs/reference.py --check    # exit 1 when docs/reference.md (or a given page) is stale
    .venv/bin/python docs/reference.py --print    # write the page to stdout (tests/test_reference.py)

The page is built whole from the app's own help; nothing is read back from it or run from it, so
editing the page can never make this script execute anything. Help is taken at a fixed width, with
no colour and with no LEDGER_* setting of the person running it, so every machine writes the same page.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reference.md"
STALE = "docs/reference.md is stale: run python docs/reference.py"
WIDTH = "100"

HEADER = """# 命令参考

<!-- 本页由 docs/reference.py 从各命令的帮助生成，不要手改：命令或选项改了以后运行 python docs/reference.py。 -->

`ledger` 每一条命令的完整帮助，即 `ledger 命令 --help` 的输出（{width} 列、无颜色），由
`docs/reference.py` 从命令本身生成，测试（`tests/test_reference.py`）保证它与命令一致。
怎样用这些命令完成日常工作见 [README](../README.md)；各命令的规则和细节见 [commands.md](commands.md)。
"""


def command_tree() -> list[tuple[tuple[str, ...], object]]:
    """Every command and sub-command of the app in the order `--help` lists them, the app first."""
    import typer

    from qc_ledger.cli import register

    root = typer.main.get_command(register())
    found: list[tuple[tuple[str, ...], object]] = [((), root)]

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            found.append(((*prefix, name), command))
            walk(command, (*prefix, name))

    walk(root, ())
    return found


def help_text(path: tuple[str, ...]) -> str:
    """What `ledger PATH --help` prints at the reference width, with no colour and no personal settings."""
    from typer.testing import CliRunner

    from qc_ledger.cli import register

    environment: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("LEDGER_")
    }
    environment.update({"COLUMNS": WIDTH, "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"})
    result = CliRunner().invoke(register(), [*path, "--help"], env=environment)
    if result.exit_code != 0:
        raise SystemExit(
            f"ledger {' '.join(path)} --help failed ({result.exit_code}):\n{result.output}"
        )
    return result.stdout.rstrip("\n")


def summary(command) -> str:
    """The first clause of a command's help (outside brackets): what the heading says beside it."""
    first = command.help.strip().splitlines()[0] if command.help else ""
    depth, end = 0, len(first)
    for index, char in enumerate(first):
        depth += (char in "（(") - (char in "）)")
        if depth == 0 and char in "：:。，；":
            end = index
            break
    return re.sub(r"（[^（）]*）$", "", first[:end].strip())


def anchor(heading: str) -> str:
    """The fragment a Markdown renderer (GitHub's, Gitea's, GitLab's) gives a heading."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.strip().replace(" ", "-")


def render() -> str:
    """The whole reference page."""
    sections, contents = [], []
    for path, command in command_tree():
        name = " ".join(("ledger", *path))
        title = f"{name} {summary(command)}".strip()
        level = "#" * (2 + max(len(path) - 1, 0))
        contents.append(f"{'  ' * max(len(path) - 1, 0)}- [`{name}`](#{anchor(title)})")
        body = help_text(path)
        sections.append(
            f"{level} `{name}` {summary(command)}".rstrip() + f"\n\n```text\n{body}\n```\n"
        )
    parts = [HEADER.format(width=WIDTH), "## 目录\n", "\n".join(contents) + "\n", *sections]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--print"]:
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    if argv[:1] == ["--check"] and len(argv) <= 2:
        page = Path(argv[1]) if len(argv) == 2 else PAGE
        current = page.read_text(encoding="utf-8") if page.exists() else ""
        if current != text:
            sys.stderr.write(STALE + "\n")
            return 1
        return 0
    if argv:
        sys.stderr.write("usage: python docs/reference.py [--check [PAGE] | --print]\n")
        return 2
    PAGE.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
