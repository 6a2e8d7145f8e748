"""Shared fixtures: real ledgers copied into temporary git repositories, and the CLI driven in-process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qc_ledger.usecases.forked import beside as forked_beside

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
GOLDEN = Path(__file__).resolve().parent / "golden"
MINI_TODAY = "2024-07-15"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试员",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "测试员",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# For commands that commit: no user or system git config, and the fixture's day as commit date.
COMMIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_DATE": f"{MINI_TODAY}T10:00:00",
    "GIT_COMMITTER_DATE": f"{MINI_TODAY}T10:00:00",
}
# Task files of the fixture ledger, relative to its root.
G1T1 = "data/tasks/g1-t1.yaml"
G1T2 = "data/tasks/g1-t2.yaml"
G2T1 = "data/tasks/g2-t1.yaml"


def git(root: Path, *args: str, env: dict | None = None) -> str:
    """Run git in `root` with a fixed identity and date; return its stdout."""
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def make_repo(source: Path, target: Path) -> Path:
    """Copy a ledger's data/ into `target`, then git init and commit it with a fixed identity."""
    shutil.copytree(source / "data", target / "data")
    git(target, "init", "-q", "-b", "main")
    git(target, "config", "user.name", "测试员")
    git(target, "config", "user.email", "tester@example.org")
    git(target, "add", "data")
    git(target, "commit", "-q", "-m", "Initial ledger")
    return target


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test's ledger cache in its own temporary folder, never in the user's."""
    from qc_ledger.load.cache import private as cache

    folder = tmp_path_factory.mktemp("cache")
    cache.switch_off(False)  # an in-process `--no-cache` of an earlier test ends with it
    monkeypatch.setenv("LEDGER_CACHE_DIR", str(folder))
    monkeypatch.delenv("LEDGER_NO_CACHE", raising=False)
    # Nor the user's saved settings: each test starts with none.
    monkeypatch.setenv("LEDGER_CONFIG", str(folder / "config.json"))
    return folder


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small fixture ledger with known answers, in a fresh git repository."""
    return make_repo(MINI, tmp_path / "mini")


@pytest.fixture
def aliased_mini(mini: Path) -> Path:
    """The mini ledger with one unit written under its alias: a warning to keep, and an export part
    with a hole where the canonical name goes."""
    path = mini / "data" / "tasks" / "g1-t2.yaml"
    path.write_text(path.read_text("utf-8").replace("区教育局", "区发展和改革局"), "utf-8")
    settle(mini)
    return mini


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """The real plan's data/, in a fresh git repository."""
    return make_repo(REPO, tmp_path / "plan")


@dataclass
class Outcome:
    """What one CLI run produced."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_cli(root: Path | None, *args: str, today: str | None = MINI_TODAY, **env: str) -> Outcome:
    """Run `ledger` in-process with no colour, 80 columns and a fixed LEDGER_TODAY."""
    from qc_ledger.cli import app

    environment = {"NO_COLOR": "1", "COLUMNS": "80", "LEDGER_TODAY": today, "LEDGER_ROOT": None}
    environment.update(env)
    argv = [*(["--root", str(root)] if root is not None else []), *args]
    result = CliRunner().invoke(app, argv, env=environment)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr, result.exception)


@pytest.fixture
def cli():
    """The `run_cli` helper as a fixture."""
    return run_cli


# A note-quality warning as validate prints it (the fixture's notes are short): located, then its fix.
_NOTE_WARNING = re.compile(r"^\S+: 提示：措施 \S+ .*(?:进展|进度).*\n  → .*\n", re.M)


def without_note_warnings(stderr: str) -> str:
    """validate's stderr without the note-quality warnings, for tests about other problems."""
    return _NOTE_WARNING.sub("", stderr)


def settle(root: Path) -> None:
    """Date data/ and all in it a minute back, as files and folders are that did not just change."""
    past = time.time() - 60
    for path in [root / "data", *(root / "data").rglob("*")]:
        os.utime(path, (past, past))


def restored(root: Path):
    """The ledger as a later command finds it: restored from the cache, no task record built."""
    from qc_ledger.load.cache.filecache import FileCache
    from qc_ledger.load.cache.opening import open_ledger

    files = FileCache(root)
    files.save(open_ledger(root, cached=files).file_names())  # the full load that remembers
    ledger = open_ledger(root, cached=FileCache(root))
    assert ledger.tasks.built() == 0
    return ledger


def repository_records():
    """Each file of the repository's data with its record as validated and as rebuilt from the
    plain data the cache keeps (JSON text, dates in ISO form)."""
    import json

    from qc_ledger.domain.models import MODEL_FOR_KIND
    from qc_ledger.domain.rebuild import trusted
    from qc_ledger.load.cache.private import iso
    from qc_ledger.load.loader import discover
    from qc_ledger.store import yaml as store

    files, _ = discover(REPO)
    assert {kind for _, kind in files} >= {"plan", "units", "rules", "group", "task", "office"}
    for path, kind in files:
        data = store.parse_fast(path.read_text("utf-8"), path)
        cached = json.loads(json.dumps(data, ensure_ascii=False, default=iso))
        yield path, MODEL_FOR_KIND[kind].model_validate(data), trusted(MODEL_FOR_KIND[kind], cached)


@pytest.fixture(scope="module")
def skewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated ledger of the skewed shape (overdue and red measures, every light, long
    logs, copied notes; no git), written an hour ago: a stat alone vouches for each file, so a
    later command restores it whole from the cache."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    import generate

    root = tmp_path_factory.mktemp("skewed")
    generate.build(root, 30, shape=generate.SHAPES["skewed"])
    past = int(os.path.getmtime(root)) - 3600
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    return root


def failing_beside(share, beside=forked_beside):
    """`forked.beside` with a share that fails in the forked process (out of memory there); the
    real one, bound here, as tests put this in its place."""

    def fails():
        raise MemoryError

    return beside(fails)


@pytest.fixture
def forked_results(monkeypatch) -> list[bool]:
    """A second process allowed (LEDGER_JOBS=2); whether each forked share's result came back is
    recorded, in order."""
    from qc_ledger.usecases import forked

    monkeypatch.setenv("LEDGER_JOBS", "2")
    sent: list[bool] = []
    real = forked.Forked.result

    def result(self):
        found = real(self)
        sent.append(found is not None)
        return found

    monkeypatch.setattr(forked.Forked, "result", result)
    return sent
