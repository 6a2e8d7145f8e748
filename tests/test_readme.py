"""The README is the users' guide: it names every command, starts with the two set-up commands and stays short."""

from __future__ import annotations

import re

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DEVELOPMENT = (REPO / "docs" / "development.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    from typer.main import get_command

    from qc_ledger.cli import app

    group = get_command(app)
    names = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {child}" for child in sub) if sub else names.append(name)
    return names


def test_every_command_is_documented():
    for name in command_names():
        assert f"ledger {name}" in README, f"README does not mention `ledger {name}`"


def test_readme_starts_with_the_two_setup_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("ledger status")
    assert "pytest" in commands[1]


def test_the_readme_stays_a_guide_and_the_details_live_in_docs():
    # The benchmark tables are generated from bench/results.json (tests/test_bench.py): not guide text.
    head, _, rest = README.partition("<!-- bench:start -->")
    guide = head + rest.partition("<!-- bench:end -->")[2]
    size = len(guide.encode("utf-8"))
    assert size < 30_000, f"README.md is {size} bytes: move reference material into docs/"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert 'pip install -q -e ".[test]"' in ci and ".venv/bin/python -m pytest" in ci


def test_the_module_tree_matches_the_package():
    """docs/development.md draws every module and folder of the package where it stands."""
    block = DEVELOPMENT[DEVELOPMENT.index("```\nqc_ledger/\n") :]
    block = block[: block.index("```", 4)]
    listed, trail = set(), []
    for line in block.splitlines()[2:]:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        name = line.split()[0]
        trail[depth - 1 :] = [name]
        listed.add("".join(trail))
    package = REPO / "qc_ledger"
    present = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if (p.name != "__init__.py" and p.parent != package) or p.name == "errors.py"
    }
    present -= {"__main__.py"}
    present |= {
        p.parent.relative_to(package).as_posix() + "/"
        for p in package.rglob("__init__.py")
        if p.parent != package
    }
    assert listed == present
