"""`ledger update`: the rules users expect, and edits that change exactly the lines asked for."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qc_ledger.edit.patching import check_new_text, update_measure
from qc_ledger.edit.update_rules import UpdateRequest
from qc_ledger.load.loader import load_ledger

from conftest import MINI, run_cli
from terminal import converse

G1T1 = Path("data/tasks/g1-t1.yaml")
G1T2 = Path("data/tasks/g1-t2.yaml")
NO_GLOBAL_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def read(root: Path, relative: Path) -> str:
    return (root / relative).read_text(encoding="utf-8")


def update(root: Path, *args: str, **env: str):
    return run_cli(root, "update", *args, **{**NO_GLOBAL_GIT, **env})


def measure_of(root: Path, measure_id: str):
    return load_ledger(root).measures[measure_id][1]


def refused_untouched(root: Path, *args: str, code: int = 2) -> str:
    """Run an update that must be refused; check the exit code and that no file changed."""
    before = {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}
    result = update(root, *args)
    assert result.exit_code == code, result.stdout + result.stderr
    assert {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")} == before
    assert "Traceback" not in result.stderr
    return result.stderr


def test_update_changes_only_the_intended_lines_and_keeps_comments(mini):
    path = mini / G1T1
    original = path.read_text(encoding="utf-8")
    commented = original.replace(
        "    status: in_progress\n", "    status: in_progress   # 5 月起草\n"
    ).replace("  - id: g1-t1-m2\n", "  # 第二项由区教育局牵头\n  - id: g1-t1-m2\n")
    path.write_text(commented, encoding="utf-8")
    result = update(mini, "g1-t1-m2", "--progress", "60", "--note", "方案已报区政府审议。")
    assert result.exit_code == 0, result.stderr
    expected = commented.replace(
        "    progress: 40\n    progress_log:",
        "    progress: 60\n    progress_log:",
    ).replace(
        "        progress: 40\n    evidence: []\n",
        "        progress: 40\n"
        "      - date: 2024-07-15\n"
        "        author: 测试员\n"
        "        note: 方案已报区政府审议。\n"
        "        status: in_progress\n"
        "        progress: 60\n"
        "    evidence: []\n",
    )
    assert path.read_text(encoding="utf-8") == expected
    assert "# 5 月起草" in expected and "# 第二项由区教育局牵头" in expected


def test_a_note_on_an_empty_flow_list_becomes_a_block_list(mini):
    result = update(mini, "g1-t2-m1", "--note", "已完成摸底调查。")
    assert result.exit_code == 0, result.stderr
    assert read(mini, G1T2).endswith(
        "    status: not_started\n"
        "    progress: 0\n"
        "    progress_log:\n"
        "      - date: 2024-07-15\n"
        "        author: 测试员\n"
        "        note: 已完成摸底调查。\n"
        "        status: not_started\n"
        "        progress: 0\n"
        "    evidence: []\n"
    )


def test_a_comment_before_the_next_measure_stays_before_it(mini):
    path = mini / G1T1
    text = path.read_text(encoding="utf-8").replace(
        '      - "文件：测教〔2024〕1号"\n',
        '      - "文件：测教〔2024〕1号"\n  # 下一项：县管校聘\n',
    )
    path.write_text(text, encoding="utf-8")
    result = update(mini, "g1-t1-m1", "--evidence", "https://example.org/zhangcheng.pdf")
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == text.replace(
        '      - "文件：测教〔2024〕1号"\n',
        "      - \"文件：测教〔2024〕1号\"\n      - 'https://example.org/zhangcheng.pdf'\n",
    )


def test_status_by_chinese_label_and_progress_moves_not_started_on(mini):
    result = update(mini, "g1-t2-m1", "--progress", "30%", "--note", "已启动。")
    assert result.exit_code == 0, result.stderr
    measure = measure_of(mini, "g1-t2-m1")
    assert (measure.status, measure.progress) == ("in_progress", 30)
    assert "自动改为推进中" in result.stdout
    result = update(mini, "g1-t2-m1", "--status", "滞后", "--note", "经费未到位。")
    assert result.exit_code == 0, result.stderr
    measure = measure_of(mini, "g1-t2-m1")
    assert measure.status == "delayed"
    assert [(e.note, e.status, e.progress) for e in measure.progress_log] == [
        ("已启动。", "in_progress", 30),
        ("经费未到位。", "delayed", 30),
    ]


def test_done_sets_progress_100_and_needs_a_note_or_evidence(mini):
    message = refused_untouched(mini, "g1-t1-m2", "--status", "done")
    assert "须附进展说明或佐证材料" in message and "--evidence" in message
    refused_untouched(mini, "g1-t1-m2", "--status", "done", "--progress", "90", "--note", "x")
    result = update(mini, "g1-t1-m2", "--status", "已完成", "--evidence", "测教〔2024〕5号")
    assert result.exit_code == 0, result.stderr
    measure = measure_of(mini, "g1-t1-m2")
    assert (measure.status, measure.progress) == ("done", 100)
    assert measure.evidence == ["测教〔2024〕5号"]
    last = measure.progress_log[-1]
    assert (last.status, last.progress, last.author) == ("done", 100, "测试员")
    assert last.note == "状态改为已完成，进度 100%；佐证材料：测教〔2024〕5号"


def test_progress_100_without_done_is_questioned(mini):
    message = refused_untouched(mini, "g1-t1-m2", "--progress", "100", "--note", "基本完成。")
    assert "进度为 100%" in message and "--status done" in message and "--force" in message
    result = update(mini, "g1-t1-m2", "--progress", "100", "--note", "待验收。", "--force")
    assert result.exit_code == 0, result.stderr
    assert measure_of(mini, "g1-t1-m2").status == "in_progress"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_on_a_terminal_progress_100_without_done_is_asked(mini):
    env = {**NO_GLOBAL_GIT, "LEDGER_TODAY": "2024-07-15"}
    before = read(mini, G1T1)
    code, shown = converse(
        mini, ["update", "g1-t1-m2", "--progress", "100", "--note", "x"], ["n"], env
    )
    assert code == 2 and "仍要这样保存吗" in shown and "--force" in shown
    assert read(mini, G1T1) == before
    code, shown = converse(
        mini, ["update", "g1-t1-m2", "--progress", "100", "--note", "x"], ["y"], env
    )
    assert code == 0, shown
    measure = measure_of(mini, "g1-t1-m2")
    assert (measure.status, measure.progress) == ("in_progress", 100)


def test_progress_of_a_done_measure_cannot_drop_without_reopening(mini):
    message = refused_untouched(mini, "g1-t1-m1", "--progress", "80")
    assert "--status in_progress" in message
    result = update(
        mini, "g1-t1-m1", "--status", "in_progress", "--progress", "80", "--note", "返工"
    )
    assert result.exit_code == 0, result.stderr


def test_progress_of_a_cancelled_measure_is_refused_as_a_done_ones_is(mini):
    # At the boundary: the same progress is no change; any other is refused until reopened.
    message = refused_untouched(mini, "g2-t1-m2", "--progress", "30", "--note", "仍在做")
    assert "已取消" in message and "--status in_progress" in message
    assert "已取消" in refused_untouched(mini, "g2-t1-m2", "--progress", "1")
    result = update(mini, "g2-t1-m2", "--progress", "0", "--note", "补记：已移交先行区。")
    assert result.exit_code == 0, result.stderr
    assert measure_of(mini, "g2-t1-m2").status == "cancelled"
    result = update(
        mini, "g2-t1-m2", "--status", "in_progress", "--progress", "30", "--note", "恢复推进"
    )
    assert result.exit_code == 0, result.stderr


def test_cancelling_needs_a_reason(mini):
    assert "理由" in refused_untouched(mini, "g1-t2-m1", "--status", "cancelled")
    result = update(mini, "g1-t2-m1", "--status", "cancelled", "--note", "并入 g1-t1-m2。")
    assert result.exit_code == 0, result.stderr


def test_a_later_deadline_keeps_the_original_with_its_reason(mini):
    assert "--reason" in refused_untouched(mini, "g1-t2-m1", "--deadline", "2025-09-30")
    result = update(
        mini, "g1-t2-m1", "--deadline", "2025-09-30", "--reason", "省级政策调整", "--author", "李四"
    )
    assert result.exit_code == 0, result.stderr
    assert read(mini, G1T2).endswith(
        "    deadline: 2025-09-30\n"
        "    deliverable: null\n"
        "    status: not_started\n"
        "    progress: 0\n"
        "    progress_log: []\n"
        "    evidence: []\n"
        "    deadline_history:\n"
        "      - date: 2024-07-15\n"
        "        previous: 2025-06-30\n"
        "        new: 2025-09-30\n"
        "        reason: 省级政策调整\n"
        "        author: 李四\n"
    )
    result = update(mini, "g1-t2-m1", "--deadline", "2025-11-30", "--reason", "再次延期")
    assert result.exit_code == 0, result.stderr
    measure = measure_of(mini, "g1-t2-m1")
    assert measure.original_deadline == dt.date(2025, 6, 30)
    assert [c.new for c in measure.deadline_history] == [
        dt.date(2025, 9, 30),
        dt.date(2025, 11, 30),
    ]


def test_a_key_added_to_a_measure_goes_in_model_order_and_end_comments_stay_last(mini):
    path = mini / "data" / "tasks" / "g2-t1.yaml"
    text = path.read_text(encoding="utf-8") + "    beyond_period: true\n# 文件结尾的注释\n"
    path.write_text(text, encoding="utf-8")
    result = update(mini, "g2-t1-m3", "--deadline", "2026-06-30", "--reason", "跨年项目")
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == text.replace(
        "    deadline: 2024-08-10\n", "    deadline: 2026-06-30\n"
    ).replace(
        "    beyond_period: true\n",
        "    deadline_history:\n"
        "      - date: 2024-07-15\n"
        "        previous: 2024-08-10\n"
        "        new: 2026-06-30\n"
        "        reason: 跨年项目\n"
        "        author: 测试员\n"
        "    beyond_period: true\n",
    )


def test_deadline_outside_the_period_and_reason_alone_are_refused(mini):
    message = refused_untouched(mini, "g1-t2-m1", "--deadline", "2026-03-31", "--reason", "x")
    assert "不在实施期" in message and "--beyond-period" in message
    assert "--deadline" in refused_untouched(mini, "g1-t2-m1", "--reason", "只给理由")


def test_beyond_period_extends_past_the_plan_and_marks_the_measure(mini):
    result = update(
        mini, "g1-t2-m1", "--deadline", "2026-06-30", "--reason", "跨年推进", "--beyond-period"
    )
    assert result.exit_code == 0, result.stderr
    assert "超出实施期：否 → 是" in result.stdout
    assert read(mini, G1T2).endswith(
        "    deadline_history:\n"
        "      - date: 2024-07-15\n"
        "        previous: 2025-06-30\n"
        "        new: 2026-06-30\n"
        "        reason: 跨年推进\n"
        "        author: 测试员\n"
        "    beyond_period: true\n"
    )
    assert run_cli(mini, "validate").exit_code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--beyond-period",), "--deadline"),
        (
            ("--deadline", "2025-01-31", "--reason", "x", "--beyond-period"),
            "不需要 --beyond-period",
        ),
    ],
)
def test_beyond_period_needs_a_deadline_outside_the_period(mini, args, words):
    assert words in refused_untouched(mini, "g1-t2-m1", *args)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--progress", "140"), "--progress"),
        (("--progress", "四十"), "0–100"),
        (("--status", "进行中"), "可选"),
        (("--deadline", "2025-02-30"), "不是有效日期"),
        (("--deadline", "2025/06/30"), "YYYY-MM-DD"),
        (("--note", "   "), "不能为空"),
        (("--person", "张三\n李四"), "只能有一行"),
        (("--note", "x" * 5001), "过长"),
        (("--author", "<a@b>", "--note", "x"), "--author"),
        ((), "没有给出要修改的内容"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(mini, args, words):
    assert words in refused_untouched(mini, "g1-t1-m2", *args)


def test_unknown_ids_and_non_measures_are_refused(mini):
    message = refused_untouched(mini, "g1-t1-m9", "--progress", "50")
    assert "g1-t1-m1" in message or "g1-t1-m2" in message
    assert "不是措施" in refused_untouched(mini, "g1-t1", "--progress", "50")


def test_nothing_to_change_is_said_so(mini):
    message = refused_untouched(mini, "g1-t1-m2", "--status", "in_progress", "--progress", "40")
    assert "没有需要修改的内容" in message


def test_person_deliverable_and_repeated_evidence(mini):
    result = update(
        mini,
        "g1-t2-m1",
        "--person",
        "钱八",
        "--deliverable",
        "挂钩机制实施办法",
        "--evidence",
        "测教〔2024〕7号",
        "--evidence",
        "测教〔2024〕7号",
        "--evidence",
        "https://example.org/a?b=1#c",
    )
    assert result.exit_code == 0, result.stderr
    measure = measure_of(mini, "g1-t2-m1")
    assert measure.responsible_person == "钱八"
    assert measure.deliverable == "挂钩机制实施办法"
    assert measure.evidence == ["测教〔2024〕7号", "https://example.org/a?b=1#c"]
    assert measure.progress_log == []  # no status, progress or note: no progress entry


def test_note_author_from_option_from_git_or_none(mini, tmp_path):
    assert (
        update(mini, "g1-t2-m1", "--note", "一", "--author", "王五 <w@example.org>").exit_code == 0
    )
    assert measure_of(mini, "g1-t2-m1").progress_log[-1].author == "王五"
    plain = tmp_path / "plain"
    shutil.copytree(MINI / "data", plain / "data")
    assert update(plain, "g1-t2-m1", "--note", "无 git").exit_code == 0
    assert measure_of(plain, "g1-t2-m1").progress_log[-1].author is None
    assert "author: null" in read(plain, G1T2)


def test_multi_line_note_is_a_literal_block(mini):
    result = update(mini, "g1-t2-m1", "--note", "第一点：完成调研。\n第二点：形成初稿。")
    assert result.exit_code == 0, result.stderr
    assert "        note: |-\n          第一点：完成调研。\n          第二点：形成初稿。\n" in read(
        mini, G1T2
    )
    assert (
        measure_of(mini, "g1-t2-m1").progress_log[-1].note
        == "第一点：完成调研。\n第二点：形成初稿。"
    )


def test_dry_run_shows_the_diff_and_writes_nothing(mini):
    before = read(mini, G1T2)
    result = update(mini, "g1-t2-m1", "--progress", "20", "--note", "试运行", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+    progress: 20" in result.stdout and "-    progress: 0" in result.stdout
    assert "g1-t2-m1: 未启动 → 推进中 (20%)" in result.stdout
    assert read(mini, G1T2) == before


def test_an_invalid_ledger_is_refused_before_anything_is_written(mini):
    broken = mini / "data" / "tasks" / "g2-t1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("progress: 20", "progress: 200"))
    refused_untouched(mini, "g1-t2-m1", "--note", "x", code=1)


def test_the_written_file_passes_validate(mini):
    assert update(mini, "g1-t2-m1", "--progress", "10", "--note", "开始").exit_code == 0
    assert run_cli(mini, "validate").exit_code == 0
    assert run_cli(mini, "fmt", "--check").exit_code == 0


AWKWARD = st.text(
    st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        include_characters="：:#[]{}&*!|>'\"%@`,-? \u3000",
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=AWKWARD, person=AWKWARD)
def test_any_text_is_written_so_that_it_reads_back_the_same(mini, note, person):
    ledger = load_ledger(mini)
    request = UpdateRequest(note=note.strip(), person=person.strip()[:200])
    edit = update_measure(
        mini / G1T2,
        "g1-t2-m1",
        request,
        today=dt.date(2024, 7, 15),
        author="测试员",
        period=ledger.plan.period,
    )
    task = check_new_text(mini / G1T2, edit.new_text)
    measure = task.measures[0]
    assert measure.progress_log[-1].note == note.strip()
    assert measure.responsible_person == person.strip()[:200]
