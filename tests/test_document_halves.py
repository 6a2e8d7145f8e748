"""A long document without colour is written in two processes: the later sections in a forked
process, the first here; the page printed is, byte for byte, the one a single process prints."""

from __future__ import annotations

import io
import os
import sys
import time

import pytest
from test_plain_documents import printed, random_document

from qc_ledger.render import cjk, plain_documents
from qc_ledger.render.document_tables import print_document, print_rich
from qc_ledger.render.plain_documents import split_at
from qc_ledger.render.terminal import make_console
from qc_ledger.reports.documents import Document, Section
from qc_ledger.usecases import forked

from conftest import failing_beside, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")


@pytest.fixture
def halves(monkeypatch, forked_results):
    """Any document of two sections or more is split; whether each forked half came back is kept."""
    monkeypatch.setattr(plain_documents, "MIN_SPLIT_LINES", 1)
    return forked_results


def _long_document(seed: int) -> Document:
    """Several random documents' sections in one: headings, paragraphs, tables only Rich may draw."""
    parts = [random_document(seed * 10 + index) for index in range(4)]
    sections = [section for part in parts for section in part.sections]
    return Document(parts[0].title, parts[0].lines, sections)


def _in_halves(console, document):
    print_document(console, document, beside=forked.beside)


@pytest.fixture
def written_here(monkeypatch):
    """How many sections each call lays out in this process (the forked one counts its own)."""
    counts: list[int] = []
    real, here = plain_documents._write_sections, os.getpid()

    def write_sections(writer, sections, rich_table):
        if os.getpid() == here:
            counts.append(len(sections))
        real(writer, sections, rich_table)

    monkeypatch.setattr(plain_documents, "_write_sections", write_sections)
    return counts


@pytest.mark.parametrize("ambiguous", [False, True])
@pytest.mark.parametrize("width", [40, 100])
def test_the_later_sections_written_in_another_process_give_the_same_page(
    halves, written_here, width, ambiguous
):
    cjk.set_ambiguous_wide(ambiguous)
    try:
        for seed in range(8):
            document = _long_document(seed * 100 + width)
            assert len(document.sections) >= 2
            expected = printed(print_rich, document, width)
            written_here.clear()
            assert printed(_in_halves, document, width) == expected
            # Only the first sections were laid out here: the rest is the forked process's text.
            assert written_here == [split_at(document.sections)]
    finally:
        cjk.set_ambiguous_wide(False)
    assert halves == [True] * 8


def test_written_to_the_real_standard_output_nothing_is_printed_twice(halves, capfd):
    document = _long_document(3)
    expected = printed(print_rich, document, 80)
    capfd.readouterr()
    console = make_console(width=80, color_system=None)
    _in_halves(console, document)
    sys.stdout.flush()
    out, err = capfd.readouterr()
    assert out == expected and err == ""
    assert halves == [True]


class _GoneAfter(io.StringIO):
    """An output whose reader goes away (or whose user presses Ctrl+C) after a few writes (or, with
    `at_flush`, at the first flush after them)."""

    def __init__(self, writes: int, error: type[BaseException], at_flush: bool = False) -> None:
        super().__init__()
        self.writes, self.error, self.at_flush = writes, error, at_flush

    def write(self, text: str) -> int:
        self.writes -= 1
        if self.writes < 0:
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.at_flush and self.writes <= 0:
            raise self.error


@pytest.mark.parametrize("error", [BrokenPipeError, KeyboardInterrupt])
def test_a_reader_gone_or_ctrl_c_while_writing_ends_the_other_process(halves, monkeypatch, error):
    started: list = []
    real = forked.beside

    def beside(share):
        made = real(share)
        started.append(made)
        return made

    monkeypatch.setattr(forked, "beside", beside)
    slow = plain_documents._spool_sections

    def spool_sections(*args):
        time.sleep(60)  # still at work when this process fails: it has to be ended, not awaited
        return slow(*args)

    monkeypatch.setattr(plain_documents, "_spool_sections", spool_sections)
    console = make_console(file=_GoneAfter(1, error), width=80, color_system=None)
    with pytest.raises(error):
        _in_halves(console, _long_document(5))
    assert len(started) == 1 and started[0] is not None
    assert halves == [], "it failed while writing the first sections, before waiting for the rest"
    assert not started[0]._process.is_alive(), "the forked process is ended and waited for"


def test_a_reader_gone_before_the_fork_is_told_at_once(halves, monkeypatch):
    started: list = []
    monkeypatch.setattr(forked, "beside", started.append)
    console = make_console(
        file=_GoneAfter(1, BrokenPipeError, at_flush=True), width=80, color_system=None
    )
    with pytest.raises(BrokenPipeError):
        _in_halves(console, _long_document(5))
    assert started == [], "no process is started for a reader that is gone"


def test_a_failed_half_or_no_process_is_written_here(halves, monkeypatch):
    document = _long_document(7)
    expected = printed(print_rich, document, 80)
    monkeypatch.setattr(forked, "beside", failing_beside)
    assert printed(lambda c, d: print_document(c, d, forked.beside), document, 80) == expected
    assert halves == [False]
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert printed(lambda c, d: print_document(c, d, forked.beside), document, 80) == expected
    assert halves == [False], "one process asked for: none forked"


def test_no_temporary_folder_to_write_in_is_one_process(halves, monkeypatch):
    document = _long_document(9)
    expected = printed(print_rich, document, 80)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(plain_documents.tempfile, "TemporaryFile", no_room)
    assert printed(_in_halves, document, 80) == expected
    assert halves == [], "no process was started"


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


def test_reminders_of_a_province_print_the_same_in_two_processes(skewed, halves, tmp_path):
    args = ("reminders",)
    two = run_cli(skewed, *args, today="2025-06-30", COLUMNS="100")
    one = run_cli(skewed, *args, today="2025-06-30", COLUMNS="100", LEDGER_JOBS="1")
    assert two.exit_code == one.exit_code == 0
    assert two.stdout == one.stdout and two.stdout.count("\n") > 100
    saved = tmp_path / "催办.txt"
    to_file = run_cli(skewed, *args, "-o", str(saved), today="2025-06-30", COLUMNS="100")
    assert to_file.exit_code == 0
    assert saved.read_text(encoding="utf-8") == one.stdout
    assert halves == [True, True]
