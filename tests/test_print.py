"""What the office prints, rendered by LibreOffice and measured with pdftotext (tests/office_render.py)."""

from __future__ import annotations

import json
import re

from office_render import pages, require_tools, to_pdf, words

from conftest import run_cli

PORTRAIT, LANDSCAPE = (595, 842), (842, 595)  # A4 in points
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_the_word_notice_keeps_ids_and_dates_whole_and_turns_for_wide_tables(mini, tmp_path):
    require_tools()
    rules = mini / "data" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + "documents:\n  issuer: 测试统筹办\n  reference: 测统办〔{year}〕 号\n",
        encoding="utf-8",
    )
    target = tmp_path / "通报.docx"
    result = run_cli(mini, "report", "--since", "2024-07-01", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    pdf = to_pdf(target)
    printed = words(pdf)
    texts = [w.text for w in printed]
    # The one overdue measure: its id and deadline each print on one line, in a column that fits.
    assert "g1-t1-m2" in texts and "2024-06-30" in texts
    assert not [t for t in texts if re.fullmatch(r"\d{4}-(\d{2}-?)?|g\d+-t\d+-?", t)]
    # The overview fits the portrait page; the table of overdue measures with their text turns.
    sizes = [(round(w), round(h)) for w, h in pages(pdf)]
    assert sizes[0] == PORTRAIT
    overdue_page = next(w.page for w in printed if w.text == "g1-t1-m2")
    assert sizes[overdue_page - 1] == LANDSCAPE
    # The office's reference number and its signature come from data/rules.yaml.
    joined = "".join(texts)
    assert "测统办〔2024〕号" in joined and "测试统筹办2024年7月15日" in joined
    assert min(w.height for w in printed) >= 9


def test_the_workbook_prints_across_a4_landscape_at_a_readable_size(mini, tmp_path):
    require_tools()
    target = tmp_path / "台账.xlsx"
    result = run_cli(mini, "export", "-f", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    listed = run_cli(mini, "list", "--format", "json")
    measures = json.loads(listed.stdout)["measures"]
    pdf = to_pdf(target)
    printed = words(pdf)
    sheet = [w for w in printed if w.page <= len(pages(pdf)) - 1]  # the last page is 说明
    assert {(round(w), round(h)) for w, h in pages(pdf)[:-1]} == {LANDSCAPE}
    # All nineteen columns across the page, the text at about 9 pt or more (it was 45 % of 11 pt).
    assert min(w.height for w in printed) >= 9
    assert {"序号", "改革任务", "配合单位", "预警"} <= {w.text for w in sheet}
    assert not [w.text for w in sheet if "##" in w.text]  # a number too wide for its column
    # Rows tall enough for their wrapped text: every measure prints whole, every date on one line.
    first = measures[0]["text"]
    left = next(w.x for w in sheet if first.startswith(w.text))
    # The 具体措施 column, read down: each wrapped line starts at the column's left edge.
    column = "".join(
        w.text for w in sorted(sheet, key=lambda w: (w.page, w.y)) if abs(w.x - left) < 1
    )
    for measure in measures:
        assert measure["text"].replace(" ", "") in column, measure["id"]
        assert measure["deadline"] in {w.text for w in sheet}
    # The notes sheet wraps to a portrait page instead of running off its right edge.
    last = [w for w in printed if w.page == len(pages(pdf))]
    notes = "".join(w.text for w in last)
    assert "其他列由台账生成" in notes and "已被他人修改的项会列出" in notes  # nothing cut off
    assert min(w.height for w in last) >= 9
