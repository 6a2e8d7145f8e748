"""What people are told to type can be pasted as it is shown: ASCII quotes, never curly ones."""

from __future__ import annotations

import re

from conftest import REPO

# An option followed by a curly-quoted value: pasted into a shell, the quotes become part of the text.
CURLY_VALUE = re.compile(r"--[a-z][a-z-]*[ =][“‘]")


def test_no_hint_or_document_quotes_a_typed_value_with_curly_quotes():
    sources = [*sorted((REPO / "qc_ledger").rglob("*.py")), REPO / "README.md"]
    sources += sorted((REPO / "docs").glob("*.md"))
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CURLY_VALUE.search(line)
    ]
    assert found == []


def test_the_check_sees_a_curly_quoted_value():
    assert CURLY_VALUE.search("加 --note “完成情况”")
    assert not CURLY_VALUE.search('加 --note "完成情况"')
