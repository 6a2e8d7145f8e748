"""Whatever `validate` accepts, the write path can edit: harmless variations are kept, never an error."""

from __future__ import annotations

import re

import pytest

from conftest import COMMIT_ENV, G1T1, git, run_cli


def _trailing_spaces(text: str) -> str:
    return "".join(line + "  \n" if line else "\n" for line in text.split("\n")[:-1])


VARIATIONS = {
    "trailing spaces": _trailing_spaces,
    "CRLF": lambda text: text.replace("\n", "\r\n"),
    "BOM": lambda text: "\ufeff" + text,
    "BOM and CRLF": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "tabs in comments": lambda text: "#\t说明\t文字\n" + text.replace("  # 第一项", "  #\t第一项"),
    "odd quoting": lambda text: (
        text.replace("title: 均衡配置教育资源", "title: '均衡配置教育资源'")
        .replace("text: 建立教育联合体。", 'text: "建立教育联合体。"')
        .replace("deliverable: 联合体章程", "deliverable: '联合体章程'  # 已印发")
    ),
    "blank lines at the end": lambda text: text + "\n\n",
    "spaces after colons": lambda text: text.replace(
        "status: in_progress", "status:   in_progress"
    ),
    "a comment after the last measure": lambda text: text + "# 以上为全部措施\n",
}


@pytest.mark.parametrize("name", VARIATIONS)
def test_an_update_keeps_every_byte_outside_the_measure(mini, name):
    path = mini / G1T1
    varied = VARIATIONS[name](path.read_text(encoding="utf-8"))
    path.write_bytes(varied.encode("utf-8"))
    git(mini, "commit", "-qam", name)
    assert run_cli(mini, "validate").exit_code == 0
    result = run_cli(
        mini, "update", "g1-t1-m2", "--progress", "60", "--note", "推进中", "--commit", **COMMIT_ENV
    )
    assert result.exit_code == 0, result.stderr
    new = path.read_bytes().decode("utf-8")
    old_lines, new_lines = varied.splitlines(keepends=True), new.splitlines(keepends=True)
    # Everything before the updated measure's progress is the same, byte for byte.
    cut = next(i for i, line in enumerate(old_lines) if "progress: 40" in line)
    assert new_lines[:cut] == old_lines[:cut]
    assert re.search(r"progress: 60\r?\n", new)
    assert new.startswith("\ufeff") == varied.startswith("\ufeff")
    assert ("\r\n" in new) == ("\r\n" in varied)
    assert run_cli(mini, "validate").exit_code == 0
    assert git(mini, "status", "--porcelain") == ""


def test_a_file_the_round_trip_reflows_is_normalised_openly(mini):
    path = mini / G1T1
    text = path.read_text(encoding="utf-8")
    # A long flow list on two lines: the round trip writes it on one, so the file says so.
    path.write_text(text.replace("cooperating_units: []", "cooperating_units: [\n      ]"))
    git(mini, "commit", "-qam", "two-line flow list")
    assert run_cli(mini, "validate").exit_code == 0
    result = run_cli(mini, "update", "g1-t1-m2", "--note", "推进中")
    assert result.exit_code == 0, result.stderr
    assert "按规范格式重写" in result.stdout
    assert run_cli(mini, "validate").exit_code == 0
