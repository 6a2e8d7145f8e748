"""Help at 80 columns: wrapped by display width (CJK is two columns), examples left whole to paste,
no description cut short, no English placeholder in a message."""

from __future__ import annotations

import re
import unicodedata

import pytest
from test_help import command_paths

from qc_ledger.cli.helptext import wrap_line

from conftest import run_cli


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "ledger")
def test_every_help_line_fits_80_columns_but_examples(path):
    result = run_cli(None, *path, "--help", COLUMNS="80")
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        if line.lstrip().startswith("例："):
            continue  # examples break only between commands, each whole to paste
        assert width(line) <= 78, line


def test_the_update_example_is_one_line_at_80_and_at_100_columns():
    example = '例：ledger update g1-t1-m2 --status in_progress --progress 40 --note "已起草实施办法" --commit'
    for columns in ("80", "100"):
        lines = run_cli(None, "update", "--help", COLUMNS=columns).stdout.splitlines()
        assert any(line.strip() == example for line in lines), columns


def test_the_command_list_cuts_no_description():
    text = run_cli(None, "--help", COLUMNS="80").stdout
    assert "..." not in text.split("命令：")[1]
    for command in ("export", "review", "codeowners"):
        line = next(line for line in text.splitlines() if line.startswith(f"  {command} "))
        assert width(line) <= 78 and line.rstrip().endswith("。"), line


def test_words_are_not_broken_and_punctuation_does_not_start_a_line():
    line = "  --no-cache            不读也不写缓存，每个文件都重新读取（同 LEDGER_NO_CACHE=1）。"
    wrapped = wrap_line(line, 60)
    assert wrapped == [
        "  --no-cache            不读也不写缓存，每个文件都重新读取",
        "                        （同 LEDGER_NO_CACHE=1）。",
    ]
    for part in wrap_line("  " + "完成率，平均进度。" * 12, 30):
        assert width(part) <= 30 and part.strip()[:1] not in "，。、）"


def test_a_missing_argument_is_named_as_the_help_names_it():
    for args, word in ((("show",), "编号"), (("update",), "措施编号")):
        result = run_cli(None, *args)
        assert result.exit_code == 2
        assert f"缺少参数 {word}" in result.stderr
        assert not re.search(r"[A-Z]{2,}_[A-Z]+", result.stderr)
