"""Every command and every option is documented where its command is (sqlite-utils' test_docs idea).

The documentation is the README, CONTRIBUTING.md and docs/; a section that names `ledger CMD` is where
CMD's options must appear. docs/reference.md is left out: it is the commands' own help, generated and
checked by tests/test_reference.py, so it would document every option whatever the guide says.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
import typer

from qc_ledger.cli import register

from conftest import REPO

GUIDE = [path for path in sorted((REPO / "docs").glob("*.md")) if path.name != "reference.md"]
DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *GUIDE]


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


LINK = re.compile(r"\]\(([^)\s]+)\)")


def heading_anchors(text: str) -> set[str]:
    """The fragments a forge's Markdown gives the headings: lower case, punctuation dropped, spaces to '-'."""
    anchors = set()
    for line in re.sub(r"```.*?```", "", text, flags=re.S).splitlines():
        if match := re.match(r"#{1,6} (.*)", line):
            title = match.group(1).replace("`", "").lower()
            kept = "".join(c for c in title if c in " -_" or unicodedata.category(c)[0] in "LNM")
            anchors.add(kept.strip().replace(" ", "-"))
    return anchors


def test_every_link_between_the_documents_reaches_a_file_and_heading():
    broken = []
    for page in [*DOCS, REPO / "docs" / "reference.md"]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            path, _, fragment = target.partition("#")
            reached = (page.parent / path).resolve() if path else page
            if not reached.exists():
                broken.append(f"{page.relative_to(REPO)}: {target} (no such file)")
            elif fragment and fragment not in heading_anchors(reached.read_text(encoding="utf-8")):
                broken.append(f"{page.relative_to(REPO)}: {target} (no such heading)")
    assert broken == []


def test_the_link_check_sees_a_missing_heading():
    assert "ledger-update-measure_id--更新一项措施" in heading_anchors(
        "### `ledger update MEASURE_ID` — 更新一项措施\n```\n# 不是标题\n```\n"
    )
    assert "不是标题" not in heading_anchors("```\n# 不是标题\n```\n")
