"""Problem codes come from one registry, and exit codes are named: both read from the source itself.

A code is found wherever the package writes one: `code="…"`, the argument in the `code` place of a
function or record that has one (RecordIssue, Finding, …), a comparison with `….code`, and the last
item of a yielded (location, message, hint, code) finding.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qc_ledger.errors import PROBLEM_CODES

PACKAGE = Path(__file__).resolve().parents[1] / "qc_ledger"


def sources() -> dict[str, ast.Module]:
    return {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def code_places(trees) -> dict[str, int]:
    """Which functions and records take a code, and at which position."""
    found = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                names = names[1:] if names[:1] in (["self"], ["cls"]) else names
                if "code" in names:
                    found[node.name] = names.index("code")
            elif isinstance(node, ast.ClassDef):
                fields = [
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                ]
                if "code" in fields:
                    found[node.name] = fields.index("code")
    return found


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _is_code(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "code") or (
        isinstance(node, ast.Name) and node.id == "code"
    )


def codes_written(tree: ast.Module, places: dict[str, int]) -> set[str]:
    """Every constant a module writes where a problem's code goes."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [k.value for k in node.keywords if k.arg == "code"]
            where = places.get(_called(node) or "")
            if where is not None and len(node.args) > where:
                found.append(node.args[where])
        elif isinstance(node, ast.Compare) and _is_code(node.left):
            found += node.comparators
        elif isinstance(node, ast.AnnAssign) and _is_code(node.target) and node.value:
            found.append(node.value)
        elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
            # A (location, message, hint, code) finding.
            found += node.value.elts[3:4] if len(node.value.elts) == 4 else []
    return {
        item.value
        for item in found
        if isinstance(item, ast.Constant) and isinstance(item.value, str)
    }


def all_codes_written() -> dict[str, list[str]]:
    trees = sources()
    # The exit status handed to the CLI's last step is a number, not a problem code.
    places = {k: v for k, v in code_places(trees.values()).items() if k != "_end_at_once"}
    written: dict[str, list[str]] = {}
    for name, tree in trees.items():
        for code in codes_written(tree, places):
            written.setdefault(code, []).append(name)
    return written


def test_every_code_written_is_registered_and_every_registered_code_is_written():
    written = all_codes_written()
    unregistered = {code: names for code, names in written.items() if code not in PROBLEM_CODES}
    assert unregistered == {}, "add these codes to PROBLEM_CODES in qc_ledger/errors.py"
    assert sorted(set(PROBLEM_CODES) - set(written)) == [], "registered but never written"


def test_every_registered_code_says_what_it_means_in_chinese():
    for code, meaning in PROBLEM_CODES.items():
        assert code.isascii() and code == code.lower() and " " not in code
        assert meaning and not meaning.isascii(), code


@pytest.mark.parametrize(
    "added",
    [
        'Problem("x", code="no_such_code")',
        'RecordIssue((), "x", None, "no_such_code")',
        'Finding((), "x", "y", "no_such_code")',
        'problem.code == "no_such_code"',
        'self._error(source, (), "x", None, "no_such_code")',
    ],
)
def test_the_check_finds_a_code_written_in_each_way(added):
    trees = sources()
    places = code_places(trees.values())
    assert "no_such_code" in codes_written(ast.parse(added), places)


def test_the_check_finds_a_code_yielded_with_a_finding():
    source = 'def found():\n    yield ("unit",), "x", None, "no_such_code"\n'
    assert "no_such_code" in codes_written(ast.parse(source), {})


EXITS = {"Exit", "exit", "_exit", "Cancelled", "_end_at_once"}


def bare_exit_numbers(tree: ast.Module) -> list[int]:
    """Numbers written where an exit status goes, instead of a named EXIT_ constant."""
    found = []
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call) and _called(node) in EXITS:
            values += node.args
        if isinstance(node, ast.Call):
            values += [k.value for k in node.keywords if k.arg in ("exit_code", "code")]
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("code", "status", "exit_code")
            for t in node.targets
        ):
            values.append(node.value)
        for value in values:
            parts = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
            found += [
                part.value
                for part in parts
                if isinstance(part, ast.Constant) and type(part.value) is int
            ]
    return found


def test_exit_codes_are_named_constants():
    bare = {name: n for name, tree in sources().items() if (n := bare_exit_numbers(tree))}
    assert bare == {}, "use EXIT_OK, EXIT_DATA, … from qc_ledger/errors.py"


@pytest.mark.parametrize(
    "added",
    ["raise typer.Exit(1)", "sys.exit(0)", "raise typer.Exit(0 if ok else 1)", "code = 130"],
)
def test_the_check_finds_a_bare_exit_number(added):
    assert bare_exit_numbers(ast.parse(added))
