"""Every help screen is Chinese: no parser chrome, no English placeholder, in every command."""

from __future__ import annotations

import re

import pytest
import typer

from qc_ledger.cli import register

from conftest import REPO, run_cli


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the app, as argument lists."""
    root = typer.main.get_command(register())
    paths: list[tuple[str, ...]] = [()]

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            paths.append((*prefix, name))
            walk(command, (*prefix, name))

    walk(root, ())
    return paths


# Words a help screen may show in Latin letters: names of formats, tools and platforms, git's own
# words, and values the reader types (the command names and option values are taken out first).
ALLOWED = {
    "ledger",
    "git",
    "yaml",
    "json",
    "csv",
    "sqlite",
    "md",
    "markdown",
    "table",
    "text",
    "github",
    "gitlab",
    "gitea",
    "forgejo",
    "actions",
    "codeowners",
    "ci",
    "schema",
    "utf",
    "bom",
    "yyyy",
    "mm",
    "dd",
    "head",
    "main",
    "origin",
    "user",
    "name",
    "email",
    "true",
    "false",
    "id",
    "deadline",
    "unit",
    "not_started",
    "in_progress",
    "delayed",
    "done",
    "cancelled",
    "weekly",
    "monthly",
    "bimonthly",
    "quarterly",
    "none",
    "default",
    "beyond_period",
    "data",
    "rules",
    "policy",
    "schemas",
    "tasks",
    "groups",
    "ledger_root",
    "ledger_no_cache",
    "ledger_today",
    "zhang",
    "cd",
    "ledger_cache_dir",
    "ledger_config",
    "no_color",
    "gitattributes",
    "author",
    "shell",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "example",
    "org",
    "qc",
    "g",
    "t",
    "m",
    "o",
    "a",
    "b",
    "p",
    "s",
    "e",
    "n",
    "u",
    "q",
    "f",
    "h",
    "x",
    "xlsx",
    "docx",
    "period",
    "status",
    "progress",
    "deliverable",
    "evidence",
    "note",
    "lead",
    "cooperating",
    "person",
    "reason",
    "title",
    "measure",
    "task",
    "group",
    "path",
    "kind",
    "plan",
    "instruction",
    "meeting",
    "proposal",
    "key_work",
}


def english_words(text: str, commands: set[str]) -> set[str]:
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", text)  # options
    text = re.sub(r"<[^>\n]*>", " ", text)  # choices and e-mail addresses
    text = re.sub(r"[\w.*-]*/[\w./*%-]*", " ", text)  # paths
    text = re.sub(r"%[A-Z]", " ", text)  # git's merge-driver placeholders
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z_]*", text)}
    return words - ALLOWED - commands


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "ledger")
def test_help_is_chinese(path):
    result = run_cli(REPO, *path, "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("用法：ledger"), text[:40]
    for chrome in ("Usage", "Options", "Show this message", "[default", "[required]", "env var"):
        assert chrome not in text, chrome
    commands = {part for p in command_paths() for name in p for part in name.split("-")}
    assert english_words(text, commands) == set(), text
    assert all(line == line.rstrip() for line in text.split("\n"))  # no trailing padding


def test_the_check_can_fail():
    assert english_words("用法：ledger list [OPTIONS]\n  Show this message", {"list"}) == {
        "options",
        "show",
        "this",
        "message",
    }


@pytest.mark.parametrize(
    "path",
    [p for p in command_paths() if p and p not in (("cache",), ("new",), ("config",))],
    ids=lambda p: " ".join(p),
)
def test_every_command_shows_an_example(path):
    text = run_cli(REPO, *path, "--help").stdout
    assert "例：" in text and "ledger" in text.split("例：", 1)[1]


def test_the_environment_variables_are_listed():
    text = run_cli(REPO, "--help").stdout
    for name in ("LEDGER_ROOT", "LEDGER_TODAY", "LEDGER_CONFIG", "LEDGER_CACHE_DIR", "NO_COLOR"):
        assert f"    {name}" in text
