"""`status` and `changes` as documents: Markdown for a notice, CSV for a sheet, written with --output."""

from __future__ import annotations

import json

from conftest import COMMIT_ENV, run_cli


def test_status_as_markdown_csv_and_files(mini, tmp_path):
    md = run_cli(mini, "status", "-f", "md").stdout
    assert md.startswith("# 测试用实施方案\n")
    assert "| 教育 | 张三 | 区教育局 | 2 | 3 |" in md
    assert "## 逾期措施（1 项）" in md and "| g1-t1-m2 | 教育 |" in md
    csv = run_cli(mini, "status", "-f", "csv").stdout
    assert csv.startswith("\ufeff工作组,组长,牵头单位,任务,措施,未启动")
    assert csv.count("\n") == 4  # header, two groups, the total
    for name in ("进展.md", "进展.csv", "进展.json", "进展.txt"):
        result = run_cli(mini, "status", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "进展.json").read_text(encoding="utf-8"))["today"] == "2024-07-15"
    assert "灯 组长" in (tmp_path / "进展.txt").read_text(encoding="utf-8")
    assert run_cli(mini, "status", "-o", str(tmp_path / "x.xlsx")).exit_code == 2


def test_status_says_when_the_period_ended(mini):
    assert (
        "实施期已于 2025-12-31 结束。"
        in run_cli(mini, "status", "-f", "md", today="2026-01-05").stdout
    )
    assert "结束" not in run_cli(mini, "status", "-f", "md").stdout


def test_changes_as_markdown_and_csv(mini):
    env = {
        **COMMIT_ENV,
        "GIT_AUTHOR_DATE": "2024-07-10T10:00:00",
        "GIT_COMMITTER_DATE": "2024-07-10T10:00:00",
    }
    result = run_cli(
        mini,
        "update",
        "g1-t2-m1",
        "--progress",
        "20",
        "--note",
        "已摸底",
        "--commit",
        today="2024-07-10",
        **env,
    )
    assert result.exit_code == 0, result.stderr
    md = run_cli(
        mini, "changes", "--since", "2024-07-08", "--until", "2024-07-14", "-f", "md"
    ).stdout
    assert md.startswith("# 台账变化（2024-07-08 至 2024-07-14）")
    assert "1 次提交，改动记录 1 项" in md and "## 教育（1 项记录）" in md
    assert "| 2024-07-10 | — | g1-t2-m1 | 状态：未启动 → 推进中<br>进度：0% → 20%" in md
    csv = run_cli(
        mini, "changes", "--since", "2024-07-08", "--until", "2024-07-14", "-f", "csv"
    ).stdout
    assert csv.startswith(
        "\ufeff日期,原提交日期,工作组,记录,变化,作者,提交\n2024-07-10,,教育,g1-t2-m1,"
    )
    empty = run_cli(
        mini, "changes", "--since", "2024-02-01", "--until", "2024-02-02", "-f", "md"
    ).stdout
    assert "这段时间台账没有变化。" in empty
