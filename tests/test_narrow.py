"""At 80 columns no registered unit name is broken across lines or cut, in any view of the plan."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from qc_ledger.load.loader import load_ledger
from qc_ledger.render.cjk import Items, fit_name, wrap_items

from conftest import REPO, run_cli

LEDGER = load_ledger(REPO)
NAMES = sorted(
    {name for unit in LEDGER.registry.units.values() for name in (unit.name, *unit.aliases)},
    key=len,
    reverse=True,
)


BOUNDARY = set(" 、，（）()：") | {""}


def broken_names(text: str) -> list[str]:
    """Names split over two lines (the rest in the same column below) or cut with an ellipsis."""
    found = []
    lines = text.split("\n")
    for name in NAMES:
        for cut in range(2, len(name)):
            head, rest = name[:cut], name[cut:]
            for index, line in enumerate(lines):
                for position in _starts(line, head):
                    after = line[position + len(head) :]
                    if after.startswith("…"):
                        found.append(f"{name} cut: {line.strip()}")
                    if after.strip() or index + 1 == len(lines):
                        continue
                    below = lines[index + 1]
                    # The rest below: in the same column (a table cell) or where the text wraps to.
                    starts = {_at_column(below, cell_len(line[:position])), _indent(below)}
                    for start in starts - {None}:
                        if not below[start:].startswith(rest):
                            continue
                        if below[start + len(rest) : start + len(rest) + 1] in BOUNDARY:
                            found.append(f"{name} broken: {line.strip()} / {below.strip()}")
    return found


def _starts(line: str, head: str):
    """Where `head` begins a cell or an item of a list in this line."""
    position = line.find(head)
    while position >= 0:
        if line[position - 1 : position] in BOUNDARY:
            yield position
        position = line.find(head, position + 1)


def _indent(line: str) -> int | None:
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) if stripped else None


def _at_column(line: str, column: int) -> int | None:
    used = 0
    for index, char in enumerate(line):
        if used == column:
            return index
        used += cell_len(char)
    return None


def views() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [("status",), ("status", "--all"), ("list",), ("units",)]
    out += [("show", group) for group in LEDGER.groups]
    out += [("show", task) for task in list(LEDGER.tasks)[:6]]
    out += [("show", measure) for measure in list(LEDGER.measures)[:6]]
    out += [("unit", unit) for unit in LEDGER.registry.units]
    return out


@pytest.mark.parametrize("args", views(), ids=lambda a: " ".join(a))
def test_no_unit_name_is_broken_at_80_columns(args):
    result = run_cli(REPO, *args, today="2025-06-30")
    assert result.exit_code == 0, result.stderr
    assert broken_names(result.stdout) == []
    assert all(cell_len(line) <= 80 for line in result.stdout.split("\n"))
    assert all(line == line.rstrip() for line in result.stdout.split("\n"))


def test_the_check_finds_a_broken_name():
    assert broken_names("成员单位 区财政局、市自然资\n         源局清城分局") != []
    assert broken_names("  市自然资源局清城… 2025-12-31") != []
    assert broken_names("  市自然资源局清城分局\n  区财政局") == []


def test_names_wrap_between_items_and_fall_back_to_short_names():
    lines = wrap_items(Items("区人力资源和社会保障局、区住房城乡建设局、区交通运输局"), 24)
    assert lines == ["区人力资源和社会保障局、", "区住房城乡建设局、", "区交通运输局"]
    assert fit_name("市自然资源局清城分局", "自然资源分局", 16) == "自然资源分局"
    assert fit_name("区财政局", "区财政局", 16) == "区财政局"


def _wide_width(line: str) -> int:
    """Cells a terminal that draws ambiguous-width characters wide gives the line."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


@pytest.mark.parametrize(
    "args", [("list",), ("show", "g1-t1"), ("status",), ("unit", "区发展改革局")]
)
def test_tables_stay_within_80_columns_where_ambiguous_characters_are_wide(args):
    result = run_cli(REPO, *args, today="2025-06-30", LEDGER_AMBIGUOUS_WIDE="1")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert all(_wide_width(line) <= 80 for line in lines), max(lines, key=_wide_width)
    assert not set("“”‘’…—·") & set(result.stdout)
    plain_run = run_cli(REPO, *args, today="2025-06-30")
    assert set("“”…─") & set(plain_run.stdout)  # without the setting they are shown as they are
