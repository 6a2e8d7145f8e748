"""A long document without colour is written in two processes: the later sections in a forked
process, the first here; the page printed is, byte for byte, the one a single process prints."""

from __future__ import annotations

import os

import pytest
from test_plain_documents import printed, random_document

from qc_ledger.render import cjk, plain_documents
from qc_ledger.render.document_tables import print_document, print_rich
from qc_ledger.render.plain_documents import split_at
from qc_ledger.reports.documents import Document, Section
from qc_ledger.usecases import forked

from conftest import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")


@pytest.fixture
def halves(monkeypatch):
    """Any document of two sections or more is split; whether each forked half came back is kept."""
    monkeypatch.setattr(plain_documents, "MIN_SPLIT_LINES", 1)
    monkeypatch.setenv("LEDGER_JOBS", "2")
    sent: list[bool] = []
    real = forked.Forked.result

    def result(self):
        found = real(self)
        sent.append(found is not None)
        return found

    monkeypatch.setattr(forked.Forked, "result", result)
    return sent


def _long_document(seed: int) -> Document:
    """Several random documents' sections in one: headings, paragraphs, tables only Rich may draw."""
    parts = [random_document(seed * 10 + index) for index in range(4)]
    sections = [section for part in parts for section in part.sections]
    return Document(parts[0].title, parts[0].lines, sections)


def _in_halves(console, document):
    print_document(console, document, beside=forked.beside)


@pytest.mark.parametrize("ambiguous", [False, True])
@pytest.mark.parametrize("width", [40, 100])
def test_the_later_sections_written_in_another_process_give_the_same_page(halves, width, ambiguous):
    cjk.set_ambiguous_wide(ambiguous)
    try:
        for seed in range(8):
            document = _long_document(seed * 100 + width)
            assert len(document.sections) >= 2
            assert printed(_in_halves, document, width) == printed(print_rich, document, width)
    finally:
        cjk.set_ambiguous_wide(False)
    assert halves == [True] * 8


def test_a_failed_half_or_no_process_is_written_here(halves, monkeypatch):
    document = _long_document(7)
    expected = printed(print_rich, document, 80)
    real = forked.beside

    def failing(share):
        def fails():
            raise MemoryError

        return real(fails)

    monkeypatch.setattr(forked, "beside", failing)
    assert printed(lambda c, d: print_document(c, d, forked.beside), document, 80) == expected
    assert halves == [False]
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert printed(lambda c, d: print_document(c, d, forked.beside), document, 80) == expected
    assert halves == [False], "one process asked for: none forked"


def test_the_cut_gives_each_half_about_as_many_lines(monkeypatch):
    monkeypatch.setattr(plain_documents, "MIN_SPLIT_LINES", 1)
    small = Section("甲", ["一"])
    big = Section("乙", ["二"] * 50)
    assert split_at([small]) is None, "one section: nothing to share"
    assert split_at([small, small]) == 1
    assert split_at([big, small, small]) == 1
    assert split_at([small, small, small, big]) == 3
    assert split_at([small] * 10) == 5
    monkeypatch.setattr(plain_documents, "MIN_SPLIT_LINES", 10_000)
    assert split_at([small] * 10) is None, "a short document is written by one process"


def test_reminders_of_a_province_print_the_same_in_two_processes(skewed, halves):
    args = ("reminders",)
    two = run_cli(skewed, *args, today="2025-06-30", COLUMNS="100")
    one = run_cli(skewed, *args, today="2025-06-30", COLUMNS="100", LEDGER_JOBS="1")
    assert two.exit_code == one.exit_code == 0
    assert two.stdout == one.stdout and two.stdout.count("\n") > 100
    assert halves == [True]
