"""What the office prints, rendered by LibreOffice and measured with pdftotext (tests/office_render.py)."""

from __future__ import annotations

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
