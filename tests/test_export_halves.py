"""`export -f json` of a province: the later half of the tasks written by a forked process into a
nameless file and copied in gives the bytes one process writes, and its parts are kept as if this
process had made them."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from functools import partial

import pytest

from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.render.jsonout import _default, write_json, write_json_bytes
from qc_ledger.reports.export import build_export
from qc_ledger.usecases import export_json, forked
from qc_ledger.usecases.export_json import JsonExport

from conftest import failing_beside, restored, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")

TODAY = "2025-06-30"


@pytest.fixture
def halves(monkeypatch, forked_results):
    """Any ledger of two tasks or more is written in halves; whether each forked half came back is
    recorded."""
    monkeypatch.setattr(forked, "MIN_TASKS", 2)
    return forked_results


def _expected(root) -> str:
    from qc_ledger.load.loader import load_ledger

    document = build_export(load_ledger(root), dt.date.fromisoformat(TODAY))
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"


def _exported(root, *args: str, **env: str) -> str:
    result = run_cli(root, "export", *args, today=TODAY, **env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _rebuilt_writing(root) -> list[str]:
    """The tasks whose records one process builds to write the export now (LEDGER_JOBS=1)."""
    ledger = open_ledger(root, cached=FileCache(root))
    rebuilt: list[str] = []
    make = ledger.tasks._make
    ledger.tasks._make = partial(lambda seen, key, raw: seen.append(key) or make(key, raw), rebuilt)
    with JsonExport(ledger, dt.date.fromisoformat(TODAY)) as export:
        write_json_bytes(export.document(), io.BytesIO())
        export.keep()
    return rebuilt


def test_the_later_half_written_in_another_process_gives_the_same_bytes(
    skewed, halves, tmp_path, monkeypatch
):
    want = _expected(skewed)
    restored(skewed)  # the full load that remembers: the next commands restore it whole
    assert _exported(skewed) == want  # every part made, the later half's in the forked process
    assert _exported(skewed) == want  # every part copied
    assert halves == [True, True]
    saved = tmp_path / "台账.json"
    _exported(skewed, "-o", str(saved))
    assert saved.read_text(encoding="utf-8") == want
    assert halves == [True, True, True]
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert _rebuilt_writing(skewed) == [], "the forked half's parts were kept: none made again"


def test_a_text_stream_gets_the_spooled_half_as_text(skewed, halves):
    ledger = restored(skewed)
    out = io.StringIO()
    with JsonExport(ledger, dt.date.fromisoformat(TODAY)) as export:
        write_json(export.document(), out)
    assert out.getvalue() == _expected(skewed)
    assert halves == [True]


def test_a_failed_half_no_process_or_no_temporary_folder_is_written_here(
    skewed, halves, monkeypatch, private_cache
):
    want = _expected(skewed)
    restored(skewed)
    monkeypatch.setattr(export_json, "beside", failing_beside)
    assert _exported(skewed) == want
    assert halves == [False]
    monkeypatch.setattr(export_json, "beside", forked.beside)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_json.tempfile, "TemporaryFile", no_room)
    assert _exported(skewed) == want
    assert halves == [False], "no temporary file: no process started"
    for pieces in private_cache.glob("pieces-export-json-*"):
        pieces.unlink()  # every part to make again, with nowhere to keep them
    assert _exported(skewed) == want
    assert not list(private_cache.glob("pieces-export-json-*"))
    monkeypatch.undo()
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert _exported(skewed) == want


class _GoneAfter(io.BytesIO):
    """An output whose reader goes away (or whose user presses Ctrl+C) at its second write."""

    def __init__(self, error: type[BaseException]) -> None:
        super().__init__()
        self.writes, self.error = 1, error

    def write(self, data) -> int:
        self.writes -= 1
        if self.writes < 0:
            raise self.error
        return super().write(data)


@pytest.mark.parametrize("error", [BrokenPipeError, KeyboardInterrupt])
def test_a_reader_gone_or_ctrl_c_while_writing_ends_the_other_process(
    skewed, halves, monkeypatch, error
):
    ledger = restored(skewed)
    started: list = []
    real = forked.beside

    def slow(share):
        def later():
            time.sleep(60)  # still at work when this process fails: ended, not awaited
            return share()

        made = real(later)
        started.append(made)
        return made

    monkeypatch.setattr(export_json, "beside", slow)
    monkeypatch.setattr(export_json, "halfway", lambda ledger, ids: len(ids) - 1)
    monkeypatch.setattr("qc_ledger.render.jsonout._BATCH", 0)  # a write per task
    monkeypatch.setattr("qc_ledger.render.jsonout._CHUNK", 1)
    with pytest.raises(error), JsonExport(ledger, dt.date.fromisoformat(TODAY)) as export:
        write_json_bytes(export.document(), _GoneAfter(error))
    assert len(started) == 1 and started[0] is not None
    assert halves == [], "it failed while writing the first half, before waiting for the rest"
    assert not started[0]._process.is_alive(), "the forked process is ended and waited for"


def test_ctrl_c_held_back_while_forking_ends_the_new_process(monkeypatch):
    import signal

    monkeypatch.setenv("LEDGER_JOBS", "2")
    real_mask, real_stop = signal.pthread_sigmask, forked.Forked.stop
    stopped: list = []

    def mask(how, signals):
        done = real_mask(how, signals)
        if how == signal.SIG_SETMASK:  # Ctrl+C pressed while it was held back: it comes now
            raise KeyboardInterrupt
        return done

    def stop(self):
        stopped.append(self)
        real_stop(self)

    monkeypatch.setattr(forked.signal, "pthread_sigmask", mask)
    monkeypatch.setattr(forked.Forked, "stop", stop)
    with pytest.raises(KeyboardInterrupt):
        forked.beside(partial(time.sleep, 60))
    assert len(stopped) == 1 and not stopped[0]._process.is_alive()
