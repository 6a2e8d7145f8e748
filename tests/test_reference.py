"""docs/reference.md is every command's `--help`, as the commands print it today (sqlite-utils' cog check)."""

from __future__ import annotations

import difflib
import subprocess
import sys

import typer

from qc_ledger.cli import register

from conftest import REPO

PAGE = REPO / "docs" / "reference.md"
GENERATOR = REPO / "docs" / "reference.py"


def generate(*args: str) -> subprocess.CompletedProcess:
    """Run the generator in a fresh interpreter: commands register in the order a real run sees."""
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args], capture_output=True, cwd=REPO, timeout=120
    )


def test_the_reference_is_the_commands_help_of_today():
    fresh = generate("--print")
    assert fresh.returncode == 0, fresh.stderr.decode("utf-8", "replace")
    expected, current = fresh.stdout.decode("utf-8"), PAGE.read_text(encoding="utf-8")
    if current != expected:
        diff = difflib.unified_diff(
            current.splitlines(),
            expected.splitlines(),
            "docs/reference.md",
            "generated",
            lineterm="",
        )
        raise AssertionError(
            "docs/reference.md is stale: run python docs/reference.py\n"
            + "\n".join(list(diff)[:40])
        )


def test_every_command_has_its_section_with_its_help():
    page = PAGE.read_text(encoding="utf-8")
    root = typer.main.get_command(register())

    def walk(group, prefix):
        for name, command in getattr(group, "commands", {}).items():
            yield (*prefix, name)
            yield from walk(command, (*prefix, name))

    for path in walk(root, ()):
        name = " ".join(("ledger", *path))
        heading = f"#{'#' * len(path)} `{name}` "  # sub-commands one level below their group
        assert heading in page, f"docs/reference.md has no section for `{name}`"
        section = page.split(heading, 1)[1]
        assert section.split("\n```text\n", 1)[1].startswith(f"用法：{name} "), name


def test_the_check_reports_a_stale_page(tmp_path):
    stale = tmp_path / "reference.md"
    stale.write_text(
        PAGE.read_text(encoding="utf-8").replace("用法：ledger update", "用法：ledger updat")
    )
    answer = generate("--check", str(stale))
    assert answer.returncode == 1
    assert (
        answer.stderr.decode().strip() == "docs/reference.md is stale: run python docs/reference.py"
    )
