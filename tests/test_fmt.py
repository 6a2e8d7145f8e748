"""`ledger fmt`: the canonical layout, comments kept; the committed data/ is always fmt-clean."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli, without_note_warnings

MESSY = """\
# 第二组测试任务（排版有意打乱）
group: g2
id: g2-t1
title: 建设产业先行区
measures:
- id: g2-t1-m1
  text: 重点建设源潭镇先行区。
  cooperating_units:
  - 源潭镇
  lead_unit: 区发展和改革局   # 方案原文如此
  responsible_person: 王五
  deadline: 2024-12-31
  deliverable: 先行区规划
  status: delayed
  progress: 20
  progress_log:
  - note: 规划编制滞后于计划。
    date: 2024-07-01
    author: 王五
    status: delayed
    progress: 20
  evidence: []
# 第二项已取消
- id: g2-t1-m2
  text: 试点项目（已调整）。
  lead_unit: 区发展改革局
  cooperating_units: []
  responsible_person: null
  deadline: 2024-12-31
  deliverable: null
  status: cancelled
  progress: 0
  progress_log:
  - date: 2024-06-20
    note: 试点并入先行区建设，不再单列。
    status: cancelled
    progress: 0
  evidence: []
- id: g2-t1-m3
  text: 引进龙头企业发展冷链物流。
  lead_unit: 区发展改革局
  cooperating_units: [源潭镇, "区发展和改革局"]
  responsible_person: 王五
  deadline: 2024-08-10
  deliverable: 签约协议
  status: in_progress
  progress: 60
  progress_log:
  - date: 2024-07-10
    author: 王五
    note: 已与两家企业洽谈。
    status: in_progress
    progress: 60
  evidence: []
"""

CANONICAL = """\
# 第二组测试任务（排版有意打乱）
id: g2-t1
group: g2
title: 建设产业先行区
measures:
  - id: g2-t1-m1
    text: 重点建设源潭镇先行区。
    lead_unit: 区发展改革局  # 方案原文如此
    cooperating_units:
      - 源潭镇
    responsible_person: 王五
    deadline: 2024-12-31
    deliverable: 先行区规划
    status: delayed
    progress: 20
    progress_log:
      - date: 2024-07-01
        author: 王五
        note: 规划编制滞后于计划。
        status: delayed
        progress: 20
    evidence: []
# 第二项已取消
  - id: g2-t1-m2
    text: 试点项目（已调整）。
    lead_unit: 区发展改革局
    cooperating_units: []
    responsible_person: null
    deadline: 2024-12-31
    deliverable: null
    status: cancelled
    progress: 0
    progress_log:
      - date: 2024-06-20
        note: 试点并入先行区建设，不再单列。
        status: cancelled
        progress: 0
    evidence: []
  - id: g2-t1-m3
    text: 引进龙头企业发展冷链物流。
    lead_unit: 区发展改革局
    cooperating_units:
      - 源潭镇
      - "区发展改革局"
    responsible_person: 王五
    deadline: 2024-08-10
    deliverable: 签约协议
    status: in_progress
    progress: 60
    progress_log:
      - date: 2024-07-10
        author: 王五
        note: 已与两家企业洽谈。
        status: in_progress
        progress: 60
    evidence: []
"""

G2T1 = Path("data/tasks/g2-t1.yaml")


def test_the_committed_data_is_fmt_clean():
    result = run_cli(REPO, "fmt", "--check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "都是规范格式" in result.stdout


def test_the_fixture_is_fmt_clean(mini):
    assert run_cli(mini, "fmt", "--check").exit_code == 0


def test_fmt_rewrites_into_the_canonical_layout_and_keeps_comments(mini):
    path = mini / G2T1
    path.write_text(MESSY, encoding="utf-8")
    assert run_cli(mini, "validate").exit_code == 0  # messy but valid, with alias warnings
    check = run_cli(mini, "fmt", "--check")
    assert check.exit_code == 1
    assert check.stdout.startswith("data/tasks/g2-t1.yaml：")
    assert "“区发展和改革局” → “区发展改革局”（2 处）" in check.stdout
    assert "1 处方括号/花括号写法改为逐行列出" in check.stdout
    assert "1 个文件不是规范格式" in check.stderr
    assert path.read_text(encoding="utf-8") == MESSY  # --check writes nothing
    result = run_cli(mini, "fmt")
    assert result.exit_code == 0, result.stderr
    assert "已整理 data/tasks/g2-t1.yaml" in result.stdout
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert run_cli(mini, "fmt", "--check").exit_code == 0
    assert run_cli(mini, "fmt").stdout.strip().endswith("没有改动。")
    validate = run_cli(mini, "validate")
    assert validate.exit_code == 0 and "提示" not in without_note_warnings(validate.stderr)


def test_fmt_diff_shows_the_change_and_writes_nothing(mini):
    path = mini / G2T1
    path.write_text(MESSY, encoding="utf-8")
    result = run_cli(mini, "fmt", "--diff")
    assert result.exit_code == 1
    assert "-  lead_unit: 区发展和改革局   # 方案原文如此" in result.stdout
    assert "+    lead_unit: 区发展改革局  # 方案原文如此" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_normalises_line_ends_and_the_bom(mini):
    path = mini / "data" / "groups" / "g1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli(mini, "fmt", "--check").stdout.startswith("data/groups/g1.yaml")
    assert run_cli(mini, "fmt").exit_code == 0
    assert path.read_bytes() == text.encode("utf-8")


def test_fmt_refuses_an_invalid_ledger_and_writes_nothing(mini):
    path = mini / G2T1
    broken = MESSY.replace("progress: 20\n  progress_log", "progress: 120\n  progress_log")
    path.write_text(broken, encoding="utf-8")
    result = run_cli(mini, "fmt")
    assert result.exit_code == 1 and "超出范围" in result.stderr
    assert path.read_text(encoding="utf-8") == broken
