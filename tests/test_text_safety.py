"""Text from data is text: no markup, no terminal control sequences, in every output format."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qc_ledger.errors import Problem
from qc_ledger.render.cjk import plain
from qc_ledger.render.csvout import csv_text
from qc_ledger.render.jsonout import to_json
from qc_ledger.render.markdown import cell, text
from qc_ledger.render.problems import github_annotations, problems_text
from qc_ledger.render.safe import UNSAFE
from qc_ledger.render.terminal import _plain_table, make_console

from conftest import COMMIT_ENV, G1T2, git, run_cli

HOSTILE = [
    "[/]",
    "[link=https://example.org/x]点这里[/link]",
    "[bold red]假的红字[/]",
    "\x1b[2J\x1b[H清屏",
    "\x1b]8;;https://evil.example/\x1b\\隐藏链接\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07剪贴板",
    "\x9b31m C1 控制符",
    "\u202e反向文字\u202c",
    "\u2066隔离\u2069",
    "a|b <script>alert(1)</script> & `code` *强调*",
]
TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\x1b\x9b\u202e[]/|<>&"),
    max_size=40,
)


def _console_output(value: str) -> str:
    console = make_console(file=io.StringIO(), width=100, color_system="truecolor")
    table = _plain_table()
    table.add_column("a")
    table.add_column("b")
    table.add_row(value, plain(value, style="bold"))
    console.print(table)
    console.print(value)
    console.print(plain(value))
    return console.file.getvalue()


def _no_raw_controls(output: str) -> None:
    # The console's own colour codes are ESC [ ... m; nothing else may reach the terminal.
    stripped = __import__("re").sub(r"\x1b\[[0-9;]*m", "", output)
    assert not UNSAFE.search(stripped.replace("\n", "").replace("\t", "")), repr(stripped)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=TEXTS)
def test_every_format_shows_any_text_literally_and_safely(value):
    _no_raw_controls(_console_output(value))
    for rendered in (cell(value), text(value), csv_text(["h"], [[value]])):
        assert not UNSAFE.search(rendered.replace("\r\n", "").replace("\n", ""))
    dumped = to_json({"v": value})
    assert json.loads(dumped) == {"v": value}
    assert not UNSAFE.search(dumped.replace("\n", ""))
    problem = Problem(value, Path("data") / f"{value}.yaml", 1, 2, hint=value)
    assert not UNSAFE.search(problems_text([problem], None).replace("\n", ""))
    annotation = github_annotations([problem], None)
    assert annotation.count("\n") == 1 and not UNSAFE.search(annotation.rstrip("\n"))
    head = annotation.split("::")[1]
    assert head.count(",") == 2 and "file=" in head


def test_markup_is_shown_literally_on_the_terminal():
    for value in HOSTILE[:3]:
        assert value in _console_output(value)


def test_markdown_cells_cannot_open_html_links_or_new_cells():
    rendered = cell(HOSTILE[-1])
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.count("|") == rendered.count("\\|")
    assert cell("[x](https://e.example)") == "\\[x\\](https://e.example)"


def test_github_annotation_properties_are_escaped():
    problem = Problem("坏", Path("data/tasks/a,b:c%.yaml"), 3, 1)
    line = github_annotations([problem], None)
    assert line.startswith("::error file=data/tasks/a%2Cb%3Ac%25.yaml,line=3,col=1::")


def _update(root: Path, note: str):
    return run_cli(root, "update", "g1-t2-m1", "--note", note, "--commit", **COMMIT_ENV)


def test_a_note_with_markup_is_committed_and_every_view_still_works(mini):
    note = "完成：[/] 和 [link=https://example.org]链接[/link] 以及 [bold]粗体[/bold]"
    assert _update(mini, note).exit_code == 0
    for args in (
        ("log", "g1-t2-m1"),
        ("log", "g1"),
        ("changes", "--since", "2024-07-01", "--until", "2024-07-31"),
        ("show", "g1-t2-m1"),
    ):
        result = run_cli(mini, *args, COLUMNS="200")
        assert result.exit_code == 0, (args, result.stderr)
        flat = result.stdout.replace("\n", "").replace(" ", "")
        assert "[/]" in flat and "[link=https://example.org]" in flat, args


def test_control_sequences_in_git_history_are_made_visible(mini):
    path = mini / G1T2
    path.write_text(path.read_text(encoding="utf-8").replace("null", "'钱八'", 1))
    git(mini, "add", G1T2)
    git(
        mini,
        "commit",
        "-qm",
        "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e说明",
        env={"GIT_AUTHOR_NAME": "坏人\x1b[31m", "GIT_AUTHOR_DATE": "2024-07-15T10:00:00"},
    )
    for args in (("log", "g1-t2-m1"), ("log", "g1-t2-m1", "--format", "json")):
        result = run_cli(mini, *args)
        assert result.exit_code == 0, result.stderr
        assert not UNSAFE.search(result.stdout.replace("\n", "")), repr(result.stdout)
    table = run_cli(mini, "log", "g1-t2-m1", COLUMNS="200").stdout
    assert "坏人\\u001" in table
    assert (
        "坏人\x1b[31m"
        in json.loads(run_cli(mini, "log", "g1-t2-m1", "--format", "json").stdout)["commits"][0][
            "author"
        ]
    )


def test_a_file_name_with_escape_codes_is_reported_visibly(mini):
    (mini / "data" / "tasks" / "x\x1b[2J.txt").write_text("x")
    result = run_cli(mini, "validate")
    assert "\x1b" not in result.stdout + result.stderr
    assert "\\u001b" in result.stderr
