"""Dependencies point one way, and each third-party library is imported by one module only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "qc_ledger"

# Which package modules may import which third-party libraries (a prefix ending in "." owns a package).
THIRD_PARTY_OWNERS = {
    "ruamel": {"store."},
    "pydantic": {"fieldtypes", "models", "office_models", "validation"},
    "git": {"gitrepo"},
    "rich": {"render."},
    "typer": {"cli", "cli."},
    "openpyxl": {"render.xlsx", "xlsx"},
    "docx": {"render.wordfile"},
    "filelock": {"locking"},
}
STDLIB_OR_OWN = {"qc_ledger", "__future__"}


def owns(owners: set[str], name: str) -> bool:
    return any(name == o or (o.endswith(".") and name.startswith(o)) for o in owners)


# Layers: a module may import only from its own layer or lower ones.
LAYERS = [
    {"errors", "vocabulary", "invisible", "privacy", "schema_docs", "lazy"},
    {
        "fieldtypes",
        "models",
        "office_models",
        "rebuild",
        "textcheck",
        "files",
        "merging",
        "sheetlayout",
    },
    {
        "measure_rules",
        "digest",
        "validation",
        "registry",
        "store",
        "locking",
        "cache",
        "filecache",
        "historycache",
        "userconfig",
        "xlsx",
    },
    {"ledger", "root"},
    {
        "filecheck",
        "names",
        "timeliness",
        "crosscheck",
        "office_checks",
        "parallel",
        "snapshot",
        "folders",
    },
    {"loader", "query", "values", "recorddiff", "schemas", "codeowners"},
    {
        "update_rules",
        "patching",
        "office_edits",
        "formatting",
        "gitrepo",
        "githistory",
        "reports",
        "review",
        "issueform",
    },
    {
        "transaction",
        "mergedriver",
        "clonesetup",
        "reviewing",
        "journal",
        "batch",
        "sheet_import",
        "provenance",
    },
    {"actions", "undoing"},
    {"demo", "demo_office"},
    {"render"},
    {"cli"},
]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def layer_of(name: str) -> int:
    head = name.split(".")[0]
    for index, layer in enumerate(LAYERS):
        if head in layer:
            return index
    return -1


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, is_internal) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    package_parts = module_name(path).split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level]
                if path.name == "__init__.py":
                    base = package_parts[: len(package_parts) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
                if node.module is None:
                    found.extend((".".join([*base, a.name]), True) for a in node.names)
                else:
                    found.append((target, True))
            else:
                found.append((node.module or "", False))
    return found


def modules():
    return [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]


def test_third_party_libraries_have_one_owner():
    for path in modules():
        name = module_name(path)
        for imported, internal in imports(path):
            if internal:
                continue
            top = imported.split(".")[0]
            if top in THIRD_PARTY_OWNERS:
                assert owns(THIRD_PARTY_OWNERS[top], name), f"{name} imports {top}"


def test_each_module_uses_at_most_one_third_party_library():
    for path in modules():
        libraries = {
            imported.split(".")[0]
            for imported, internal in imports(path)
            if not internal and imported.split(".")[0] in THIRD_PARTY_OWNERS
        }
        assert len(libraries) <= 1, f"{module_name(path)} imports {sorted(libraries)}"


def test_dependencies_point_one_way():
    for path in modules():
        name = module_name(path)
        own = layer_of(name)
        if own < 0:
            continue
        for imported, internal in imports(path):
            if not internal or not imported:
                continue
            target = layer_of(imported)
            assert target <= own, f"{name} (layer {own}) imports {imported} (layer {target})"


def test_only_the_cli_prints_or_exits():
    for path in modules():
        name = module_name(path)
        if name.startswith("cli") or name == "__main__":
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit", "quit"), f"{name} calls {node.func.id}"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) != ("sys", "exit"), f"{name} calls sys.exit"


def test_every_module_has_a_layer():
    for path in modules():
        name = module_name(path)
        if name in ("__init__", "__main__"):
            continue
        assert layer_of(name) >= 0, f"{name} is in no layer of tests/test_architecture.py"


# Modules that hold the domain: they compute and return values. Only the CLI prints or exits, and only
# the edges read the environment (cache, locking and git settings) or the current directory.
EDGE_MODULES = {
    "cli",
    "__main__",
    "cache",
    "historycache",
    "locking",
    "gitrepo",
    "userconfig",
    "parallel",
}
FORBIDDEN_CALLS = {"print", "exit", "quit", "input", "breakpoint"}
FORBIDDEN_ATTRIBUTES = {
    ("sys", "exit"): "exits",
    ("sys", "stdout"): "prints",
    ("sys", "stderr"): "prints",
    ("sys", "stdin"): "reads the terminal",
    ("os", "environ"): "reads the environment",
    ("os", "getenv"): "reads the environment",
    ("os", "getcwd"): "reads the current directory",
    ("os", "chdir"): "changes the current directory",
    ("Path", "cwd"): "reads the current directory",
}


def violations(name: str, source: str) -> list[str]:
    """What a module's source does that its place in the layout forbids."""
    found = []
    tree = ast.parse(source)
    domain = not (name.split(".")[0] in EDGE_MODULES or name in EDGE_MODULES)
    for node in ast.walk(tree):
        cli = name.startswith("cli")
        called = (
            node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else ""
        )
        if called in FORBIDDEN_CALLS and not cli:
            found.append(f"{name} calls {called}")
        if isinstance(node, ast.Raise) and node.exc is not None and not cli:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id == "SystemExit":
                found.append(f"{name} raises SystemExit")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            what = FORBIDDEN_ATTRIBUTES.get((node.value.id, node.attr))
            if what is None:
                continue
            if (
                what in ("prints", "exits", "reads the terminal") and not name.startswith("cli")
            ) or (domain and what not in ("prints", "exits", "reads the terminal")):
                found.append(f"{name} {what} ({node.value.id}.{node.attr})")
    for imported, internal in imports_of(name, source):
        top = imported.split(".")[0]
        if not internal and top in THIRD_PARTY_OWNERS and not owns(THIRD_PARTY_OWNERS[top], name):
            found.append(f"{name} imports {top}")
    return found


def imports_of(name: str, source: str) -> list[tuple[str, bool]]:
    """The imports of a module's source, as (module, is_internal)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", bool(node.level)))
    return found


def test_no_module_does_what_its_place_forbids():
    problems = [v for path in modules() for v in violations(module_name(path), path.read_text())]
    assert problems == []


MUTATIONS = [
    ("sys.stdout.write('x')\n", "prints"),
    ("print('x')\n", "calls print"),
    ("raise SystemExit(1)\n", "raises SystemExit"),
    ("sys.exit(3)\n", "exits"),
    ("import os\nvalue = os.environ.get('LEDGER_TODAY')\n", "reads the environment"),
    ("import os\nvalue = os.getenv('HOME')\n", "reads the environment"),
    ("from pathlib import Path\nhere = Path.cwd()\n", "reads the current directory"),
    ("import os\nhere = os.getcwd()\n", "reads the current directory"),
    ("import git\n", "imports git"),
    ("from rich.console import Console\n", "imports rich"),
    ("import ruamel.yaml\n", "imports ruamel"),
]


@pytest.mark.parametrize(("added", "expected"), MUTATIONS)
@pytest.mark.parametrize("module", ["ledger", "timeliness", "actions", "reports/status"])
def test_the_check_catches_each_violation_added_to_a_domain_module(module, added, expected):
    path = PACKAGE / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    assert violations(module_name(path), source) == []
    mutated = violations(module_name(path), source + "\n\ndef _mutant():\n" + _indent(added))
    assert any(expected in found for found in mutated), mutated


def test_the_cli_may_print_but_not_own_a_foreign_library():
    path = PACKAGE / "cli" / "base.py"
    source = path.read_text(encoding="utf-8")
    assert violations("cli.base", source + "\nprint('x')\n") == []
    assert violations("cli.base", source + "\nimport ruamel.yaml\n") == ["cli.base imports ruamel"]


def _indent(text: str) -> str:
    return "".join("    " + line + "\n" for line in text.splitlines())
