"""Every command and every user error, run on the small ledger, gives its transcript exactly.

tests/transcripts/commands/ holds one transcript per command and sub-command, errors/ one per kind
of user error; UPDATE_TRANSCRIPTS=1 rewrites them (see tests/transcript.py for the format).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import transcript
import typer

from qc_ledger.cli import register

from conftest import COMMIT_ENV, MINI, MINI_TODAY, make_repo, run_cli

FOLDER = Path(__file__).resolve().parent / "transcripts"
CASES = sorted(FOLDER.glob("*/*.txt"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small ledger in a git repository, made once and copied for each transcript."""
    return make_repo(MINI, tmp_path_factory.mktemp("template") / "mini")


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_transcript(path: Path, template: Path, tmp_path: Path, private_cache: Path, monkeypatch):
    root = tmp_path / "mini"
    shutil.copytree(template, root, symlinks=True)
    monkeypatch.chdir(root)  # files a command is told to write land in the copy
    places = {str(root): "<root>", str(private_cache): "<cache>", str(tmp_path): "<tmp>"}
    comments, steps = transcript.parse(path.read_text(encoding="utf-8"))
    assert steps, f"{path.name} runs no command"
    actual = []
    for step in steps:
        for change in step.changes:
            transcript.apply_change(root, change)
        env, args = step.argv()
        if "--root" not in args:
            args = ["--root", str(root), *args]
        today = env.pop("LEDGER_TODAY", MINI_TODAY)
        result = run_cli(None, *args, today=today, **COMMIT_ENV, **env)
        actual.append(
            transcript.Step(
                step.changes,
                step.command,
                transcript.shown(result.stdout, places),
                transcript.shown(result.stderr, places),
                result.exit_code,
            )
        )
    expected = path.read_text(encoding="utf-8")
    text = transcript.render(comments, actual)
    if transcript.updating() and text != expected:
        path.write_text(text, encoding="utf-8")
        return
    assert text == expected


def command_paths() -> set[tuple[str, ...]]:
    """Every command that runs something: top-level commands and the sub-commands of groups."""
    found = set()

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            if getattr(command, "commands", None):
                walk(command, (*prefix, name))
            else:
                found.add((*prefix, name))

    walk(typer.main.get_command(register()), ())
    return found


def test_every_command_has_a_transcript():
    covered = set()
    for path in (FOLDER / "commands").glob("*.txt"):
        for step in transcript.parse(path.read_text(encoding="utf-8"))[1]:
            words = [w for w in step.argv()[1] if not w.startswith("-")]
            covered.update(tuple(words[:n]) for n in (1, 2))
    missing = sorted(" ".join(p) for p in command_paths() - covered)
    assert missing == [], f"commands without a transcript in tests/transcripts/commands: {missing}"


def test_a_transcript_reads_back_as_it_was_written():
    text = (
        '# 说明\n~ data/plan.yaml ["a", "b"]\n$ LEDGER_TODAY=2024-01-02 ledger show g1\n'
        "--- stdout\n一行\n\n--- stderr (no final newline)\n末行\n--- exit 2\n"
    )
    comments, steps = transcript.parse(text)
    assert comments == ["# 说明"]
    assert (steps[0].stdout, steps[0].stderr, steps[0].exit_code) == ("一行\n\n", "末行", 2)
    assert steps[0].argv() == ({"LEDGER_TODAY": "2024-01-02"}, ["show", "g1"])
    assert transcript.render(comments, steps) == text
