"""A document written directly without colour is, byte for byte, what Rich prints for it.

Documents of random Chinese, ASCII, mixed, long and empty cells and paragraphs are printed both ways
at several widths; any drift of the direct path (a width, a pad, a wrapped cell) shows as a diff.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from pathlib import Path

import pytest

from qc_ledger.load.loader import load_ledger
from qc_ledger.render import cjk
from qc_ledger.render.document_tables import print_document, print_rich, rich_table
from qc_ledger.render.plain_documents import table_text
from qc_ledger.render.terminal import make_console
from qc_ledger.reports.assess import build_assessment
from qc_ledger.reports.documents import (
    Document,
    Section,
    TableModel,
    assessment_document,
    refine_document,
    reminders_document,
)
from qc_ledger.reports.refine import build_refine
from qc_ledger.reports.reminders import build_reminders

from conftest import MINI, REPO

sys.path.insert(0, str(REPO / "bench"))
import generate

HAN = "区发展改革局教育卫生健康住房城乡建设统筹办措施进展完成调研形成初步意见试验任务牵头单位"
PUNCTUATION = "，。、；：？！（）《》「」“”…—·%"
ASCII = ["p10-t1-m4", "2025-06-30", "ledger", "ack", "OK", "42", "3.5", "x", "A-B_C"]


def _han(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(HAN + PUNCTUATION) for _ in range(rng.randint(low, high)))


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(ASCII) for _ in range(count))


def _cell(rng: random.Random) -> object:
    """One value of any kind a document holds, now and then one only Rich may draw."""
    kind = rng.randrange(12)
    if kind == 0:
        return ""
    if kind == 1:
        return None
    if kind == 2:
        return rng.randint(0, 100_000)
    if kind == 3:
        return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    if kind == 4:
        return _words(rng, rng.randint(1, 4))
    if kind == 5:
        return _han(rng, 1, 12)
    if kind == 6:  # mixed, with spaces where Rich's wrap breaks between words
        return f"{_han(rng, 1, 8)} {_words(rng, 2)} {_han(rng, 0, 20)}"
    if kind == 7:  # long: wraps in a wide column
        return _han(rng, 40, 150)
    if kind == 8:
        return _words(rng, rng.randint(10, 30))
    if kind == 9:  # spaces at either end
        return f"  {_han(rng, 1, 6)} "
    if kind == 10:  # only Rich: a line break, a tab, a control character
        return rng.choice(["甲\n乙", "a\tb", "转义\x1b[31m红", "一\n"])
    return f"“{_han(rng, 2, 10)}”（{_words(rng, 1)}）"


def _paragraph(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return ""
    if kind == 1:
        return _han(rng, 1, 30)
    if kind == 2:
        return _han(rng, 60, 400)
    if kind == 3:
        return " ".join(str(_cell(rng)) for _ in range(rng.randint(3, 30)))
    if kind == 4:
        return "x" * rng.randint(90, 200)  # a word longer than any line
    return f"进展质量：措施 {rng.choice(ASCII)} {_han(rng, 20, 90)}（“{_han(rng, 5, 20)}”）"


def _table(rng: random.Random) -> TableModel:
    count = rng.randint(1, 6)
    header = [rng.choice(["措施", "任务", "情况", "缺报期数", "最近报送", "单位", "得分", "x", ""])]
    header += [_han(rng, 1, 6) for _ in range(count - 1)]
    rows = [[_cell(rng) for _ in range(count)] for _ in range(rng.randint(0, 8))]
    wide = frozenset(i for i in range(count) if rng.random() < 0.3)
    right = frozenset(i for i in range(count) if rng.random() < 0.3)
    return TableModel("", header, rows, right, wide)


def random_document(seed: int) -> Document:
    rng = random.Random(seed)
    sections = [
        Section(
            rng.choice(["", _han(rng, 2, 20), _han(rng, 60, 140), f" {_han(rng, 2, 9)}  "]),
            [_paragraph(rng) for _ in range(rng.randint(0, 3))],
            [_table(rng) for _ in range(rng.randint(0, 3))],
        )
        for _ in range(rng.randint(1, 5))
    ]
    return Document(_han(rng, 2, 30), [_paragraph(rng) for _ in range(3)], sections)


def printed(printer, document: Document, width: int) -> str:
    console = make_console(file=io.StringIO(), width=width, color_system=None)
    printer(console, document)
    return console.file.getvalue()


@pytest.mark.parametrize("ambiguous", [False, True])
@pytest.mark.parametrize("width", [40, 80, 100, 120])
def test_direct_document_is_what_rich_prints(width, ambiguous):
    cjk.set_ambiguous_wide(ambiguous)
    try:
        for seed in range(60):
            document = random_document(seed * 1000 + width)
            assert printed(print_document, document, width) == printed(
                print_rich, document, width
            ), f"seed {seed * 1000 + width}"
    finally:
        cjk.set_ambiguous_wide(False)


@pytest.mark.parametrize("width", [40, 80, 100, 120])
def test_most_tables_are_laid_out_directly_and_match_rich(width):
    """The direct path is taken (not left to Rich) for the tables that fit, wrapped cells too."""
    rng = random.Random(width)
    direct = wrapped = 0
    for _ in range(400):
        model = _table(rng)
        console = make_console(file=io.StringIO(), width=width, color_system=None)
        text = table_text(model, console)
        if text is None:
            continue
        console.print(rich_table(model, width))
        assert text == console.file.getvalue()
        direct += 1
        wrapped += text.count("\n") > len(model.rows) + 2  # a cell or the header ran over lines
    assert direct > 75
    assert wrapped > 12


def test_a_table_that_does_not_fit_is_left_to_rich():
    model = TableModel("", ["单位", "说明"], [["一" * 30, "二" * 30]], frozenset(), frozenset())
    console = make_console(file=io.StringIO(), width=80, color_system=None)
    assert table_text(model, console) is None
    document = Document("题", [], [Section("", tables=[model])])
    text = printed(print_document, document, 60)
    assert text == printed(print_rich, document, 60)
    assert "…" in text  # Rich shrank both columns


@pytest.fixture(scope="module")
def office_documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    """Reminders, assessment and refinement of the repository's, the fixture's and a synthetic ledger."""
    synthetic = tmp_path_factory.mktemp("synthetic")
    generate.build(synthetic, 40)
    today = dt.date(2025, 6, 30)
    found = []
    for root in (REPO, MINI, synthetic):
        ledger = load_ledger(Path(root))
        found.append(reminders_document(build_reminders(ledger, today)))
        found.append(assessment_document(build_assessment(ledger, today)))
        found.append(refine_document(build_refine(ledger, today)))
    return found


@pytest.mark.parametrize("width", [40, 60, 100])
def test_office_documents_print_as_rich_prints_them(office_documents, width):
    for document in office_documents:
        assert printed(print_document, document, width) == printed(print_rich, document, width)
