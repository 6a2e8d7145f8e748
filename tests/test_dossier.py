"""`ledger dossier` (一件一档): a measure's whole record from a real repository with several commits."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from office_render import pages, require_tools, to_pdf, words

from conftest import G1T1, MINI, git, make_repo, run_cli
from golden import check_golden

NO_GLOBAL_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
TODAY = "2024-07-15"

DEADLINE_CHANGE = (
    "    deadline: 2024-06-30\n    deliverable: null\n    status: in_progress",
    "    deadline: 2024-09-30\n    deliverable: 人事制度改革方案\n"
    "    cadence: weekly\n"
    "    milestones:\n"
    "      - date: 2024-08-31\n        progress: 60\n        deliverable: 会签稿\n"
    "    deadline_history:\n"
    "      - date: 2024-06-25\n        previous: 2024-06-30\n        new: 2024-09-30\n"
    "        reason: 需区财政局会签\n        author: 周七\n"
    "    status: in_progress",
)
PROGRESS = (
    "        progress: 40\n    evidence: []",
    "        progress: 40\n"
    "      - date: 2024-07-05\n        author: 周七\n"
    "        note: '[bold]会签稿[/bold] *已* 送财政局 | 第一轮 <b>'\n"
    "        status: in_progress\n        progress: 70\n        highlight: true\n"
    "        problems: 编制核定未完成\n        next_steps: 8月底前完成会签\n"
    "    evidence:\n      - 会签稿（第1轮）.pdf",
)
OFFICE = """\
reminders:
  - date: 2024-07-10
    unit: 区教育局
    measures:
      - g1-t1-m2
      - g1-t1-m1
    note: 请于7月20日前报送会签进展
  - date: 2024-07-11
    unit: 区财政局
    measures:
      - g2-t1-m1
inspections:
  - id: dc-1
    date: 2024-07-08
    units:
      - 区财政局
    problems:
      - 会签拖延
    rectification: 已明确专人
    rectification_status: in_progress
"""
SUPERVISION = (
    "    status: in_progress\n    progress: 40",
    "    receipts:\n"
    "      - unit: 区教育局\n        date: 2024-07-12\n        author: 周七\n"
    "    closing:\n"
    "      - date: 2024-07-12\n        action: request\n        author: 周七\n"
    "        note: 方案已印发\n"
    "      - date: 2024-07-13\n        action: reject\n        author: 王五\n"
    "        note: 缺少会签意见\n"
    "    status: in_progress\n    progress: 70",
)
SOURCE = (
    "title: 均衡配置教育资源\n",
    "title: 均衡配置教育资源\n"
    "source:\n  kind: meeting\n  document: 区政府常务会议纪要\n"
    "  date: 2024-06-20\n  reference: 清城府纪〔2024〕12号\n",
)


def _commit(root: Path, day: str, who: str, message: str, *paths: str) -> None:
    stamp = f"{day}T15:00:00"
    env = {"GIT_AUTHOR_NAME": who, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(root, "add", "--", *paths)
    git(root, "commit", "-q", "-m", message, env=env)


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The small ledger with four more commits to g1-t1-m2: a deadline change, a progress entry with
    evidence, the office's reminder and inspection, then a receipt, a closing request and its return."""
    root = make_repo(MINI, tmp_path / "mini")
    _replace(root, G1T1, *DEADLINE_CHANGE)
    _commit(root, "2024-06-25", "周七", "g1-t1-m2: deadline extended", G1T1)
    _replace(root, G1T1, *PROGRESS)
    _replace(
        root,
        G1T1,
        "    status: in_progress\n    progress: 40",
        "    status: in_progress\n    progress: 70",
    )
    _commit(root, "2024-07-05", "周七", "g1-t1-m2: progress 70%", G1T1)
    (root / "data" / "office.yaml").write_text(OFFICE, encoding="utf-8")
    _commit(root, "2024-07-10", "王五", "Office: reminders and an inspection", "data/office.yaml")
    _replace(root, G1T1, "    status: in_progress\n    progress: 70", SUPERVISION[0])
    _replace(root, G1T1, *SUPERVISION)
    _replace(root, G1T1, *SOURCE)
    _commit(root, "2024-07-13", "王五", "g1-t1: a meeting's item; receipt and closing", G1T1)
    return root


def dossier(root: Path, *args: str):
    return run_cli(root, "dossier", *args, today=TODAY, **NO_GLOBAL_GIT)


def test_a_measures_dossier_holds_its_whole_record(history):
    result = dossier(history, "g1-t1-m2")
    assert result.exit_code == 0, result.stderr
    check_golden("dossier-mini-measure.md", result.stdout)
    text = result.stdout
    # Every commit, oldest first, with who made it and its id.
    shas = git(history, "log", "--format=%h", "--reverse", "--", G1T1).split()
    assert [m for m in re.findall(r"\| ([0-9a-f]{7}) \|", text)] == shas
    assert "| 2024-06-25 | 周七 |" in text and "| 2024-07-13 | 王五 |" in text
    # The source, the deadline's change, the entry's problems and next steps, the evidence.
    assert "会议纪要：区政府常务会议纪要；日期 2024-06-20；文号 清城府纪〔2024〕12号" in text
    assert "| 2024-06-25 | 2024-06-30 | 2024-09-30 | 需区财政局会签 | 周七 |" in text
    assert "编制核定未完成" in text and "8月底前完成会签" in text and "经验亮点" in text
    assert "会签稿（第1轮）.pdf" in text
    # The reminder that names it, not the one that does not; the inspection of its cooperating unit.
    assert "请于7月20日前报送会签进展" in text and "g2-t1-m1" not in text
    assert "dc-1" in text and "整改中" in text
    # Receipt: the lead signed, the cooperating unit has not; closing was returned with its reason.
    assert "未签收：区财政局。" in text
    assert "| 2024-07-13 | 退回 | 王五 | 缺少会签意见 |" in text and "办结申请已退回" in text
    # Standing as of LEDGER_TODAY: extended, so not overdue.
    assert "| 逾期 | 未逾期，距完成时限 77 天 |" in text


def test_text_from_the_data_stays_text_in_markdown(history):
    text = dossier(history, "g1-t1-m2").stdout
    assert r"\[bold\]会签稿\[/bold\] \*已\* 送财政局 \| 第一轮 &lt;b&gt;" in text
    assert "[bold]" not in text and "<b>" not in text


def test_a_tasks_dossier_has_every_measure(history):
    result = dossier(history, "g1-t1")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# 一件一档：任务 g1-t1 均衡配置教育资源\n")
    assert "## 措施 g1-t1-m1：建立教育联合体。" in text and "## 措施 g1-t1-m2：" in text
    assert "### g1-t1-m1 佐证材料" in text and "### g1-t1-m2 办结" in text
    # The task's own change (its source) is listed once, under the task.
    task_part = text.split("## 措施 g1-t1-m1")[0]
    assert "## 任务的修改历史" in task_part and "来源" in task_part
    # The reminder named both measures: each measure's file lists it.
    assert text.count("请于7月20日前报送会签进展") == 2


def test_as_of_a_past_day_reads_the_ledger_and_history_of_that_day(history):
    result = dossier(history, "g1-t1-m2", "--as-of", "2024-07-06")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "截至 2024-07-06" in text and "各项数字按 2024-07-06 当日的台账计算" in text
    assert "2024-07-10" not in text and "退回" not in text  # the later commits are not in it
    assert "data/office.yaml 中没有催办这项措施的记录。" in text
    assert text.count("| 周七 |") >= 2 and "王五" not in text


def test_the_markdown_file_is_what_the_screen_shows(history, tmp_path):
    target = tmp_path / "档案.md"
    target.write_text("旧内容", encoding="utf-8")
    result = dossier(history, "g1-t1-m2", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "已写入" in result.stderr
    assert target.read_text(encoding="utf-8") == dossier(history, "g1-t1-m2").stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_word_dossier_reads_back(history, tmp_path):
    import docx

    target = tmp_path / "档案.docx"
    result = dossier(history, "g1-t1-m2", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    word = docx.Document(str(target))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "一件一档：措施 g1-t1-m2"
    assert {"基本情况", "完成时限及调整", "进展记录", "修改历史（git 提交）", "办结"} <= set(texts)
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = {
        run.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for p in word.paragraphs
        for run in p.runs
    }
    assert fonts == {"宋体", "黑体"}
    progress = next(
        t for t in word.tables if t.rows[0].cells[0].text == "日期" and len(t.columns) == 8
    )
    header = [c.text for c in progress.rows[0].cells]
    assert header == ["日期", "填报人", "状态", "进度", "进展情况", "存在问题", "下步计划", "亮点"]
    last = [c.text for c in progress.rows[-1].cells]
    assert last[0] == "2024-07-05" and last[4] == "[bold]会签稿[/bold] *已* 送财政局 | 第一轮 <b>"
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    head = git(history, "rev-parse", "--short=7", "HEAD").strip()
    assert head in cells and head in section.footer.paragraphs[0].text


def test_the_word_dossier_prints_on_a4_with_ids_and_dates_whole(history, tmp_path):
    require_tools()
    target = tmp_path / "档案.docx"
    assert dossier(history, "g1-t1", "-o", str(target)).exit_code == 0
    pdf = to_pdf(target)
    printed = words(pdf)
    texts = [w.text for w in printed]
    assert {(round(w), round(h)) for w, h in pages(pdf)} <= {(595, 842), (842, 595)}
    assert "g1-t1-m2" in texts and "2024-09-30" in texts and "2024-07-13" in texts
    broken = r"\d{4}-(\d{2}-?)?|g\d+-(t\d+-)?|-?m\d+"  # an id or a date cut at a hyphen
    assert not [t for t in texts if re.fullmatch(broken, t)]
    joined = "".join(texts)
    assert "缺少会签意见" in joined and "清城府纪〔2024〕12号" in joined
    assert min(w.height for w in printed) >= 9


def test_without_git_the_dossier_says_there_is_no_history(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(MINI / "data", root / "data")
    result = dossier(root, "g1-t1-m1")
    assert result.exit_code == 0, result.stderr
    assert "台账不在 git 仓库中，没有修改历史可查。" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("g1-t1-m9",), "最接近的编号：g1-t1-m2"),
        (("g1",), "“g1”是工作组编号"),
        (("g1-t1-m1", "-o", "档案.txt"), "不能写成 .txt 文件"),
        (("g1-t1-m1", "-o", "档案"), "不能写成没有扩展名的文件"),
        (("g1-t1-m1", "-o", "data/档案.md"), "指向台账的 data/ 目录"),
        (("g1-t1-m1", "-o", "no/such/folder/档案.md"), "目录不存在"),
        (("g1-t1-m1", "--as-of", "2024-02-30"), "--as-of"),
    ],
)
def test_mistakes_exit_2_with_one_message_and_write_nothing(history, monkeypatch, args, message):
    monkeypatch.chdir(history)
    before = git(history, "status", "--porcelain", "--untracked-files=all")
    result = dossier(history, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
    assert git(history, "status", "--porcelain", "--untracked-files=all") == before
