"""The hand-edit slips contact persons make, each answered with the fix on the right line."""

from __future__ import annotations

import errno
import json

import pytest

from qc_ledger.vocabulary import os_reason

from conftest import G1T2, run_cli


def write(mini, old: str, new: str) -> None:
    path = mini / G1T2
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only_error(mini) -> dict:
    result = run_cli(mini, "validate", "-f", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    return error


@pytest.mark.parametrize(
    ("written", "corrected"),
    [("2025/6/30", "2025-06-30"), ("2025.6.30", "2025-06-30"), ("2025年6月30日", "2025-06-30")],
)
def test_a_date_written_another_way_gets_its_corrected_value(mini, written, corrected):
    write(mini, "deadline: 2025-06-30", f"deadline: {written}")
    error = only_error(mini)
    assert error["line"] == 11
    assert f"（请改为 {corrected}）" in error["message"]
    assert error["hint"].startswith(f"写作 deadline: {corrected}")


def test_an_impossible_date_gets_no_correction(mini):
    write(mini, "deadline: 2025-06-30", "deadline: 2025/2/30")
    assert "请改为" not in only_error(mini)["message"]


def test_a_percent_sign_is_to_be_removed(mini):
    write(mini, "    progress: 0\n", "    progress: 40%\n")
    error = only_error(mini)
    assert (error["line"], error["hint"]) == (14, "去掉百分号，写作 progress: 40")


@pytest.mark.parametrize(
    ("written", "meant"), [("don", "done"), ("in-progress", "in_progress"), ("推进", "in_progress")]
)
def test_a_misspelt_status_suggests_the_nearest_with_its_label(mini, written, meant):
    write(mini, "status: not_started", f"status: {written}")
    error = only_error(mini)
    assert error["hint"].startswith(f"是不是想写 {meant}（")
    assert "'" not in error["hint"] and " or " not in error["hint"]


def test_empty_list_kept_above_new_items_is_named_on_its_line(mini):
    write(
        mini,
        "    progress_log: []\n",
        "    progress_log: []\n      - date: 2024-07-01\n        note: 已摸底。\n",
    )
    error = only_error(mini)
    assert (error["line"], error["column"]) == (15, 19)
    assert error["message"] == "“progress_log: []”表示空列表，下面却又列出了条目"


def test_an_explorer_copy_and_a_yml_twin_are_recognised(mini):
    source = (mini / G1T2).read_text(encoding="utf-8")
    (mini / "data/tasks/g1-t2 - 副本.yaml").write_text(source, encoding="utf-8")
    (mini / "data/tasks/g1-t2.yml").write_text(source, encoding="utf-8")
    result = json.loads(run_cli(mini, "validate", "-f", "json").stdout)
    messages = {e["file"]: e for e in result["errors"]}
    copy = messages["data/tasks/g1-t2 - 副本.yaml"]
    assert "复制出来的文件" in copy["message"] and "g1-t2.yaml" in copy["message"]
    twin = messages["data/tasks/g1-t2.yml"]
    assert "g1-t2.yaml 的另一份" in twin["message"] and "改名" not in twin["hint"]
    assert len(result["errors"]) == 2  # the copy's ids are not reported again


def test_system_errors_are_in_chinese():
    assert (
        os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
        == "文件或目录不存在"
    )
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"


def test_an_output_into_a_missing_folder_says_so_in_chinese(mini, tmp_path):
    result = run_cli(mini, "list", "-o", str(tmp_path / "nowhere" / "x.csv"))
    assert result.exit_code == 2
    assert "文件或目录不存在" in result.stderr and "No such file" not in result.stderr
