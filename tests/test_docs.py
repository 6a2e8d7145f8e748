"""Every command and every option is documented where its command is (sqlite-utils' test_docs idea).

The documentation is the README, CONTRIBUTING.md and docs/; a section that names `ledger CMD` is where
CMD's options must appear.
"""

from __future__ import annotations

import re

import pytest
import typer

from qc_ledger.cli import register

from conftest import REPO

DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]


def sections() -> list[str]:
    """The documentation cut at its headings."""
    found = []
    for path in DOCS:
        found += re.split(r"\n(?=#{2,4} )", path.read_text(encoding="utf-8"))
    return found


def commands() -> list[tuple[str, list[str]]]:
    """Each command path with its long options (help excepted)."""
    out = []

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            path = (*prefix, name)
            options = [
                option
                for param in command.params
                for option in param.opts
                if option.startswith("--") and option != "--help"
            ]
            out.append((" ".join(path), options))
            walk(command, path)

    walk(typer.main.get_command(register()), ())
    return out


@pytest.mark.parametrize(("command", "options"), commands(), ids=lambda value: str(value))
def test_each_command_and_its_options_are_documented_together(command, options):
    where = [text for text in sections() if f"ledger {command}" in text]
    assert where, f"no section of the documentation mentions `ledger {command}`"
    text = "\n".join(where)
    missing = [
        option for option in options if not re.search(re.escape(option) + r"(?![\w-])", text)
    ]
    assert missing == [], f"`ledger {command}`: {missing} not documented beside it"
