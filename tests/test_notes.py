"""Progress entries an office can act on (存在问题 · 下步计划) and note-quality warnings (纸面销号)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_xlsx import AUTHOR, COL, edit, export, import_, row_of

from qc_ledger.collab.forms import parse
from qc_ledger.domain.models import Measure, Rules
from qc_ledger.domain.note_quality import entry_warnings, silent_on_problems
from qc_ledger.domain.note_warnings import ledger_warnings
from qc_ledger.domain.supervision_models import NoteQuality
from qc_ledger.load.loader import load_ledger
from qc_ledger.sheets.layout import COMPARED, LATER, fingerprint

from conftest import G1T1, git, run_cli

TODAY = dt.date(2024, 7, 15)
QUALITY = NoteQuality()
GOOD = "已印发《实施办法》（测教〔2024〕12号），完成 3 所学校试点，覆盖教师 120 人"


def measure(*entries: dict, deadline: str = "2024-12-31", evidence=(), **fields) -> Measure:
    """A measure with the given progress entries (status and progress from the last)."""
    last = entries[-1] if entries else {}
    return Measure.model_validate(
        {
            "id": "g1-t1-m9",
            "text": "完善县管校聘制度。",
            "lead_unit": "区教育局",
            "deadline": deadline,
            "deliverable": "实施办法",
            "status": last.get("status", "in_progress"),
            "progress": last.get("progress", 0),
            "progress_log": [{"status": "in_progress", **entry} for entry in entries],
            "evidence": list(evidence),
            **fields,
        }
    )


def codes(found) -> list[str]:
    return [warning.code for warning in found]


def rules(**quality) -> Rules:
    data = {"stale_days": 30, "due_soon_days": 30, "red": ["overdue"], "yellow": ["delayed"]}
    return Rules.model_validate({**data, "note_quality": quality} if quality else data)


def newest(m: Measure, **options) -> list[str]:
    return codes(entry_warnings(m, len(m.progress_log) - 1, QUALITY, unit="区教育局", **options))


# --- each warning on its case, and none on a good note --------------------------------------


def test_a_good_note_fires_nothing():
    m = measure(
        {"date": "2024-06-01", "note": "召开专题会 1 次，明确 5 所试点学校", "progress": 20},
        {
            "date": "2024-07-01",
            "note": GOOD,
            "progress": 45,
            "problems": "两所学校编制未核定",
            "next_steps": "8 月底前报区编办核定",
        },
        deadline="2024-07-10",
    )
    assert newest(m, evidence_added=False) == []
    assert silent_on_problems(m, TODAY, rules(), _period(), unit="区教育局") is None
    assert codes(ledger_warnings([(m, "区教育局")], TODAY, rules(), _period())) == []


@pytest.mark.parametrize(
    "note",
    ["正在推进中", "稳步推进，进展顺利，各项工作正在有序推进中，取得积极成效", "按计划推进。"],
)
def test_boilerplate_fires_on_stock_phrases_and_short_notes(note):
    assert newest(measure({"date": "2024-07-01", "note": note, "progress": 10})) == [
        "note_boilerplate"
    ]


@pytest.mark.parametrize(
    "note",
    [
        "正在推进，已完成 3 所",  # a number
        "正在推进，印发测教〔2024〕12号",  # a document reference
        "正在推进，实施办法已送审",  # the measure's deliverable
        "正在推进，已与十二个部门会签",  # a count written in Chinese
    ],
)
def test_a_number_reference_or_deliverable_is_substance(note):
    assert newest(measure({"date": "2024-07-01", "note": note, "progress": 10})) == []


def test_copied_fires_on_the_previous_entry_nearly_repeated():
    first = {
        "date": "2024-06-01",
        "note": "召开专题会研究县管校聘，已明确 5 所试点学校",
        "progress": 20,
    }
    again = {
        "date": "2024-07-01",
        "note": "召开专题会研究县管校聘，已明确5所试点学校。",
        "progress": 25,
    }
    assert newest(measure(first, again)) == ["note_copied"]
    fresh = {"date": "2024-07-01", "note": GOOD, "progress": 25}
    assert newest(measure(first, fresh)) == []


def test_copied_fires_across_units_in_the_same_cycle_only():
    note = "召开专题会研究县管校聘，已明确 5 所试点学校并开展摸底"
    mine = measure({"date": "2024-07-01", "note": note, "progress": 20})
    theirs = measure({"date": "2024-07-03", "note": note + "。", "progress": 20}, id="g2-t1-m9")
    later = measure({"date": "2024-08-01", "note": note, "progress": 20}, id="g2-t1-m8")
    found = ledger_warnings(
        [(mine, "区教育局"), (theirs, "区财政局"), (later, "区财政局")], TODAY, rules(), _period()
    )
    assert sorted((w.measure_id, w.code) for w in found) == [
        ("g1-t1-m9", "note_copied"),
        ("g2-t1-m9", "note_copied"),
    ]
    assert "区财政局" in next(w.message for w in found if w.measure_id == "g1-t1-m9")
    # The same unit writing alike of two of its measures is not a copy of another unit's.
    same = ledger_warnings([(mine, "区教育局"), (theirs, "区教育局")], TODAY, rules(), _period())
    assert codes(same) == []


def test_jump_fires_without_evidence_and_not_with_it():
    step = [
        {"date": "2024-06-01", "note": "召开专题会 1 次", "progress": 10},
        {"date": "2024-07-01", "note": "完成 5 所学校摸底，形成初稿", "progress": 50},
    ]
    assert newest(measure(*step), evidence_added=False) == ["note_jump"]
    assert newest(measure(*step), evidence_added=True) == []
    # From the files alone: a measure holding evidence, or a note citing a reference, is given credit.
    assert newest(measure(*step)) == ["note_jump"]
    assert newest(measure(*step, evidence=["测教〔2024〕3号"])) == []
    cited = [step[0], {**step[1], "note": "印发测教〔2024〕3号，完成 5 所学校摸底"}]
    assert newest(measure(*cited), evidence_added=False) == []
    small = [step[0], {**step[1], "progress": 39}]
    assert newest(measure(*small), evidence_added=False) == []


def test_a_late_measure_without_problems_or_next_steps_is_told():
    entry = {"date": "2024-07-01", "note": GOOD, "progress": 60}
    late = measure(entry, deadline="2024-07-10")
    found = silent_on_problems(late, TODAY, rules(), _period(), unit="区教育局")
    assert found is not None and found.code == "note_no_problems" and "已逾期" in found.message
    for stated in ({"problems": "编制未核定"}, {"next_steps": "8 月底前报区编办"}):
        told = measure({**entry, **stated}, deadline="2024-07-10")
        assert silent_on_problems(told, TODAY, rules(), _period(), unit="区教育局") is None
    on_time = measure(entry, deadline="2024-12-31")
    assert silent_on_problems(on_time, TODAY, rules(), _period(), unit="区教育局") is None


def test_thresholds_come_from_the_rules():
    short = measure({"date": "2024-07-01", "note": "已起草方案。", "progress": 10})
    assert newest(short) == ["note_boilerplate"]
    lenient = NoteQuality(min_chars=3)
    assert codes(entry_warnings(short, 0, lenient, unit="区教育局")) == []
    step = [
        {"date": "2024-06-01", "note": "召开专题会 1 次", "progress": 10},
        {"date": "2024-07-01", "note": "完成 5 所学校摸底", "progress": 50},
    ]
    wide = NoteQuality(jump_points=50)
    assert codes(entry_warnings(measure(*step), 1, wide, unit="x", evidence_added=False)) == []


def test_copies_among_many_notes_are_found_fast():
    """Grouping by cycle and length keeps ten thousand notes well away from every pair."""
    import random

    rng = random.Random(7)
    words = "统筹推进县管校聘试点学校教师编制核定摸底会议方案印发督导整改验收资金用地规划审批"
    measures = []
    for index in range(10_000):
        note = "".join(rng.choice(words) for _ in range(rng.randint(15, 60)))
        day = dt.date(2024, 1 + index % 12, 1 + index % 27)
        m = measure({"date": day.isoformat(), "note": f"完成{index}项：{note}", "progress": 10})
        measures.append((m.model_copy(update={"id": f"g1-t{index}-m1"}), f"单位{index % 40}"))
    copy = measure(
        {"date": "2024-03-02", "note": measures[2][0].progress_log[0].note, "progress": 10}
    )
    measures.append((copy.model_copy(update={"id": "g9-t1-m1"}), "另一单位"))
    started = time.perf_counter()
    found = ledger_warnings(measures, TODAY, rules(), _period())
    elapsed = time.perf_counter() - started
    copied = {w.measure_id for w in found if w.code == "note_copied"}
    assert {"g9-t1-m1", "g1-t2-m1"} <= copied
    assert elapsed < 10, elapsed


def _period():
    from qc_ledger.domain.models import Period

    return Period(start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31))


# --- validate, review, reminders ---------------------------------------------------------------


def test_validate_warns_with_the_entry_location_and_exits_zero(mini):
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.stderr
    assert (
        "data/tasks/g1-t1.yaml:36:15: 提示：措施 g1-t1-m2 2024-05-20 的进展是套话或过短"
        in result.stderr
    )
    assert "写明完成了什么：数字、日期、文号或成果" in result.stderr
    assert (
        "措施 g1-t1-m2 已逾期，最近一次进展（2024-05-20）没有写存在问题和下步计划" in result.stderr
    )
    data = run_cli(mini, "validate", "--format", "json").stdout
    assert '"code": "note_boilerplate"' in data and '"valid": true' in data


def test_thresholds_in_a_changed_rules_file_change_the_warnings(mini):
    assert "“已起草方案。”" in run_cli(mini, "validate").stderr
    rules_file = mini / "data" / "rules.yaml"
    rules_file.write_text(
        rules_file.read_text(encoding="utf-8")
        + "note_quality:\n  min_chars: 3\n  jump_points: 100\n",
        encoding="utf-8",
    )
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.stderr
    assert "“已起草方案。”" not in result.stderr and "个百分点" not in result.stderr


def test_a_report_with_numbers_and_problems_quiets_the_measure(mini):
    result = run_cli(
        mini,
        "update",
        "g1-t1-m2",
        "--note",
        "完成 3 所学校教师摸底，形成测教〔2024〕7号初稿",
        "--problems",
        "两所学校编制未核定",
        "--next-steps",
        "8 月底前报区编办核定",
    )
    assert result.exit_code == 0, result.stderr
    assert "g1-t1-m2" not in run_cli(mini, "validate").stderr


def test_review_warns_on_the_entries_a_branch_adds(mini):
    git(mini, "checkout", "-q", "-b", "report")
    result = run_cli(
        mini, "update", "g1-t1-m2", "--progress", "90", "--note", "正在推进中", "--commit"
    )
    assert result.exit_code == 0, result.stderr
    review = run_cli(mini, "review", "main", "report")
    assert "提示：措施 g1-t1-m2 2024-07-15 的进展是套话或过短（“正在推进中”）" in review.stdout
    assert "进度一次提高了 50 个百分点，但没有新的佐证材料" in review.stdout
    git(mini, "checkout", "-q", "main")
    git(mini, "checkout", "-q", "-b", "good")
    good = run_cli(mini, "update", "g1-t1-m2", "--progress", "90", "--note", GOOD,
                   "--evidence", "测教〔2024〕12号", "--commit")  # fmt: skip
    assert good.exit_code == 0, good.stderr
    assert "提示：" not in run_cli(mini, "review", "main", "good").stdout


def test_reminders_list_each_units_note_quality(mini):
    result = run_cli(mini, "reminders")
    assert result.exit_code == 0, result.stderr
    assert "进展质量：措施 g1-t1-m2 2024-05-20 的进展是套话或过短" in result.stdout.replace(
        "\n", ""
    )


# --- where reports are written: update, the form, the workbook ----------------------------------


def test_update_writes_problems_and_next_steps_on_the_entry(mini):
    result = run_cli(
        mini, "update", "g1-t1-m2", "--note", "完成摸底 3 所", "--problems", "编制未核定",
        "--next-steps", "8 月底前报区编办", "--commit", "--author", AUTHOR,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "存在问题：编制未核定" in result.stdout and "下步计划：8 月底前报区编办" in result.stdout
    text = (mini / G1T1).read_text(encoding="utf-8")
    assert "        problems: 编制未核定\n        next_steps: 8 月底前报区编办\n" in text
    shown = run_cli(mini, "show", "g1-t1-m2").stdout
    assert "存在问题：编制未核定" in shown and "下步计划：8 月底前报区编办" in shown
    assert "存在问题：编制未核定" in run_cli(mini, "log", "g1-t1-m2").stdout.replace("\n", "")


def test_problems_without_a_report_are_refused_and_change_nothing(mini):
    before = (mini / G1T1).read_bytes()
    result = run_cli(mini, "update", "g1-t1-m2", "--problems", "编制未核定")
    assert result.exit_code == 2
    assert (
        "存在问题和下步计划写在这次报送的进展记录中" in result.stderr and "--note" in result.stderr
    )
    assert (mini / G1T1).read_bytes() == before


def test_the_form_carries_problems_and_next_steps(mini):
    ledger = load_ledger(mini)
    body = (
        "### 措施\n\ng1-t1-m2 完善\n\n### 状态\n\n不改\n\n### 进度（%）\n\n50\n\n"
        "### 进展情况\n\n完成摸底 3 所\n\n### 存在问题\n\n编制未核定\n\n"
        "### 下步计划\n\n8 月底前报区编办\n\n### 佐证材料\n\n_No response_\n"
    )
    measure_id, request = parse(body, ledger)
    assert measure_id == "g1-t1-m2"
    assert (request.problems, request.next_steps) == ("编制未核定", "8 月底前报区编办")
    older = body.split("### 存在问题")[0] + "### 佐证材料\n\n_No response_\n"
    assert parse(older, ledger)[1].problems is None
    leaked = body.replace("编制未核定", "联系 13812345678")
    with pytest.raises(Exception, match="存在问题"):
        parse(leaked, ledger)


def test_the_workbook_carries_problems_and_next_steps(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    changes = {
        ("g1-t1-m2", "进展情况"): "已起草方案。完成摸底 3 所",
        ("g1-t1-m2", "存在问题"): "编制未核定",
        ("g1-t1-m2", "下步计划"): "8 月底前报区编办",
    }
    result = import_(mini, edit(path, tmp_path / "b.xlsx", changes))
    assert result.exit_code == 0, result.stderr
    text = (mini / G1T1).read_text(encoding="utf-8")
    assert "note: 完成摸底 3 所\n        status: in_progress\n        progress: 40\n" in text
    assert "problems: 编制未核定\n        next_steps: 8 月底前报区编办\n" in text
    again = load_workbook(export(mini, tmp_path / "c.xlsx"))["台账"]
    assert again.cell(row_of(again, "g1-t1-m2"), COL["存在问题"]).value == "编制未核定"


def test_a_workbook_exported_before_the_new_columns_still_imports(mini, tmp_path):
    book = load_workbook(export(mini, tmp_path / "a.xlsx"))
    sheet, base = book["台账"], book["底稿"]
    for header in ("下步计划", "存在问题"):
        sheet.delete_cols(COL[header])
    keys = [column.key for column in COMPARED]
    for key in reversed(LATER):
        base.delete_cols(keys.index(key) + 1)
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in base.iter_rows(min_row=3, values_only=True)
        if any(row)
    ]
    old_width = len(COMPARED) - len(LATER)
    rows = [row[:old_width] for row in rows]
    base["D1"] = fingerprint(
        base["B1"].value or None, base["C1"].value, rows, base["F1"].value or ""
    )
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进度"]).value = 60
    book.save(tmp_path / "old.xlsx")
    result = import_(mini, tmp_path / "old.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "推进中，进度 60%" in run_cli(mini, "show", "g1-t1-m2").stdout


def test_clearing_stated_problems_in_the_sheet_is_refused(mini, tmp_path):
    run_cli(mini, "update", "g1-t1-m2", "--note", "完成摸底 3 所", "--problems", "编制未核定",
            "--commit", "--author", AUTHOR)  # fmt: skip
    path = export(mini, tmp_path / "a.xlsx")
    result = import_(mini, edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "存在问题"): None}))
    assert result.exit_code == 1 and "不能在表格中清空已有的内容" in result.stderr


# --- the notice and the dashboard show the problems of red measures ------------------------------


def _red_with_problems(mini: Path) -> None:
    result = run_cli(
        mini, "update", "g1-t1-m2", "--note", "完成摸底 3 所", "--problems", "编制未核定",
        "--next-steps", "8 月底前报区编办", "--commit", "--author", AUTHOR,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_the_notice_lists_red_measures_with_their_problems(mini, tmp_path):
    _red_with_problems(mini)
    result = run_cli(mini, "report", "-o", str(tmp_path / "通报.md"))
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "通报.md").read_text(encoding="utf-8")
    section = text.split("## 六、存在问题")[1].split("## 七、")[0]
    assert (
        "| g1-t1-m2 | 区教育局 | 完善“县管校聘”制度。 | 编制未核定 | 8 月底前报区编办 | 2024-07-15 |"
        in section
    )
    quality = text.split("## 七、进展质量提示")[1]
    assert "| 单位 |" in quality and "套话" in quality


def test_a_red_measure_without_problems_says_so(mini, tmp_path):
    run_cli(mini, "report", "-o", str(tmp_path / "通报.md"))
    section = (tmp_path / "通报.md").read_text(encoding="utf-8").split("## 六、存在问题")[1]
    assert "| g1-t1-m2 | 区教育局 | 完善“县管校聘”制度。 | 未说明存在问题 |" in section


def test_the_word_notice_shows_the_problems(mini, tmp_path):
    import docx

    _red_with_problems(mini)
    result = run_cli(mini, "report", "-o", str(tmp_path / "通报.docx"))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(tmp_path / "通报.docx"))
    headings = [p.text for p in document.paragraphs]
    assert any(h.startswith("六、存在问题（亮红灯的措施") for h in headings)
    table = next(t for t in document.tables if t.rows[0].cells[3].text == "存在问题")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert ["g1-t1-m2", "区教育局", "完善“县管校聘”制度。", "编制未核定", "8 月底前报区编办",
            "2024-07-15"] in rows  # fmt: skip


def test_the_dashboard_shows_problems_on_red_measures(mini, tmp_path):
    _red_with_problems(mini)
    result = run_cli(mini, "site", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    article = html.split('id="m-g1-t1-m2"')[1].split("</article>")[0]
    assert "<dt>存在问题</dt><dd>编制未核定（2024-07-15 报送）</dd>" in article
    assert "<dt>下步计划</dt><dd>8 月底前报区编办</dd>" in article
    green = html.split('id="m-g1-t1-m1"')[1].split("</article>")[0]
    assert "<dt>存在问题</dt>" not in green


def test_the_shipped_data_has_no_warnings(plan_copy):
    result = run_cli(plan_copy, "validate")
    assert result.exit_code == 0 and "提示" not in result.stderr + result.stdout


def test_the_fast_scan_places_warnings_where_the_yaml_parser_does(mini):
    from qc_ledger.load.note_checks import note_problems, scan
    from qc_ledger.store.source import Locator

    ledger = load_ledger(mini)
    canonical = ledger.registry.canonical
    measures = ((m, canonical(m.lead_unit)) for _, _, m in ledger.iter_measures())
    warnings = ledger_warnings(measures, TODAY, ledger.rules, ledger.plan.period)
    problems = note_problems(ledger, TODAY)
    assert warnings and len(problems) == len(warnings)
    locator = Locator()
    for warning, problem in zip(warnings, problems, strict=True):
        task, _ = ledger.measures[warning.measure_id]
        source = ledger.sources[task.id]
        index = [m.id for m in task.measures].index(warning.measure_id)
        loc = ("measures", index, "progress_log", warning.entry, warning.field)
        assert (problem.message, problem.code) == (warning.message, warning.code)
        assert (problem.line, problem.column) == locator.locate(source, loc)
    # A layout the scan does not know (flow style) is left to the parser.
    assert scan(["measures: [{id: g1-t1-m2, progress_log: []}]"], "g1-t1-m2", 0, "note") is None


def test_a_units_reminder_lists_a_few_quality_lines_and_counts_the_rest(mini, monkeypatch):
    from qc_ledger.reports import reminders

    full = run_cli(mini, "reminders").stdout
    lines = [line for line in full.splitlines() if line.startswith("进展质量：措施 g1-t1-m2")]
    assert len(lines) >= 2
    monkeypatch.setattr(reminders, "QUALITY_SHOWN", 1)
    capped = run_cli(mini, "reminders").stdout
    assert f"进展质量：另有 {len(lines) - 1} 条进展质量提示，ledger validate 逐条列出" in capped


def test_the_newest_note_is_judged_on_its_folded_text_once_as_each_check_reads_it():
    """A full-width note (ＡＢ, １２) is folded before every check: the kept text is the one the
    notes are compared by, and each warning is the one its check alone gives."""
    from qc_ledger.domain.note_quality import (
        has_substance,
        is_boilerplate,
        newest_note,
        normalised,
        similar,
    )

    notes = [
        "正在推进中，稳步推进",
        "召开专题会，完成１２所学校",  # full-width digits are a number
        "印发〔２０２４〕１２号",  # a full-width reference is cited evidence
        "ＡＢＣ正在推进中，进展顺利，各项工作有序推进",
    ]
    for before in notes:
        for note in notes:
            m = measure(
                {"date": "2024-06-01", "note": before, "progress": 10},
                {"date": "2024-07-01", "note": note, "progress": 60},
            )
            found = newest_note(m, QUALITY)
            assert found.text == normalised(note)
            expected = []
            if is_boilerplate(note, m.deliverable, QUALITY):
                expected.append("note_boilerplate")
            if similar(normalised(note), normalised(before), QUALITY.similarity):
                expected.append("note_copied")
            if "〔" not in note:  # no evidence and no reference: the jump of 50 points is told
                expected.append("note_jump")
            assert codes(found.warnings) == expected, (before, note)
            assert has_substance(note) == (note != notes[0] and note != notes[3])


@pytest.mark.parametrize("command", [["report", "--since", "2024-01-01"], ["reminders"]])
def test_the_notice_and_reminders_leave_the_collector_as_they_found_it(mini, command):
    """They pause the cyclic collector while their rows are made and drawn, and only then."""
    import gc

    assert gc.isenabled()
    first = run_cli(mini, *command)
    assert first.exit_code == 0, first.stderr
    assert gc.isenabled()
    gc.disable()
    try:
        again = run_cli(mini, *command)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert again.stdout == first.stdout
