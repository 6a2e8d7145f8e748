"""The layout is the architecture: each folder is a layer, imports point down, libraries have owners."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "qc_ledger"

# The layers, lowest first: a module may import from its own folder's layer or a lower one. Folders on
# one line share a layer and may not import each other both ways.
LAYERS = [
    ("errors", "vocabulary"),
    ("domain",),
    ("store",),
    ("load",),
    ("git", "history"),
    ("edit",),
    ("collab",),
    ("reports",),
    ("render",),
    ("sheets",),
    ("plandoc",),
    ("usecases",),
    ("cli",),
]
# Modules that may stand at the package's top level: the shared leaves and the package's own files.
TOP_LEVEL = {"__init__", "__main__", "errors"}

# Which modules may import which third-party libraries (a prefix ending in "." owns a package).
THIRD_PARTY_OWNERS = {
    "ruamel": {"store.yaml."},
    "pydantic": {
        "domain.fieldtypes",
        "domain.models",
        "domain.office_models",
        "domain.supervision_models",
        "domain.rules_models",
        "domain.validation",
    },
    "git": {"git.repo"},
    "rich": {"render."},
    "typer": {"cli."},
    "openpyxl": {"sheets.reader", "sheets.writer"},
    "docx": {"render.wordfile", "plandoc.docxfile"},
    "filelock": {"git.lock"},
}
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# Only the CLI prints or exits, and only these edges read the environment or the current directory.
EDGE_MODULES = {
    "cli.",
    "__main__",
    "load.cache.",
    "load.parallel",
    "git.lock",
    "git.repo",
    "store.userconfig",
}
FORBIDDEN_CALLS = {"print", "exit", "quit", "input", "breakpoint"}
FORBIDDEN_ATTRIBUTES = {
    ("sys", "exit"): "exits",
    ("os", "_exit"): "exits",
    ("sys", "stdout"): "prints",
    ("sys", "stderr"): "prints",
    ("sys", "stdin"): "reads the terminal",
    ("os", "environ"): "reads the environment",
    ("os", "getenv"): "reads the environment",
    ("os", "getcwd"): "reads the current directory",
    ("os", "chdir"): "changes the current directory",
    ("Path", "cwd"): "reads the current directory",
}
TERMINAL = ("prints", "exits", "reads the terminal")


def owns(owners: set[str], name: str) -> bool:
    return any(name == o or (o.endswith(".") and name.startswith(o)) for o in owners)


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def layer_of(name: str) -> int:
    head = name.split(".")[0]
    for index, folders in enumerate(LAYERS):
        if head in folders:
            return index
    return -1


def modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]


def internal_imports(path: Path, source: str | None = None) -> list[str]:
    """Every module of the package a file imports (lazy imports too), by absolute name."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = [] if name == "__init__" else name.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    known = {module_name(p) for p in modules()}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
            submodules = [f"{target}.{a.name}".strip(".") for a in node.names]
            if any(s in known for s in submodules):
                found.extend(s for s in submodules if s in known)
            else:
                found.append(target or "__init__")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qc_ledger"):
            found.append(node.module.removeprefix("qc_ledger").lstrip(".") or "__init__")
    return found


def external_imports(source: str) -> list[str]:
    """Top-level names of the libraries a source imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            top = (node.module or "").split(".")[0]
            if top != "qc_ledger":
                found.append(top)
        elif isinstance(node, ast.Call) and _imported_by_name(node) is not None:
            found.append(_imported_by_name(node).split(".")[0])
    return found


def _imported_by_name(call: ast.Call) -> str | None:
    """The library a call such as `importlib.import_module("yaml")` or `__import__("yaml")` loads."""
    func = call.func
    named = (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    if not named or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value if first.value and not first.value.startswith(".") else None
    return None  # a name computed at run time (the CLI's command modules) is the package's own


def violations(name: str, source: str) -> list[str]:
    """What a module's source does that its place in the layout forbids."""
    found = []
    tree = ast.parse(source)
    cli = name.startswith("cli.") or name in ("cli", "__main__")
    edge = cli or owns(EDGE_MODULES, name)
    # `import sys as s` still reaches sys.stdout: follow the aliases of sys, os and pathlib.Path.
    aliases = {"sys": "sys", "os": "os", "Path": "Path"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("sys", "os"):
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in ("sys", "os", "pathlib"):
            for alias in node.names:
                what = (node.module, alias.name)
                if node.module == "pathlib" and alias.name == "Path":
                    aliases[alias.asname or "Path"] = "Path"
                elif (FORBIDDEN_ATTRIBUTES.get(what) in TERMINAL and not cli) or (
                    what in FORBIDDEN_ATTRIBUTES and not edge
                ):
                    found.append(f"{name} {FORBIDDEN_ATTRIBUTES[what]} (from {what[0]} import)")
    for node in ast.walk(tree):
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
            owner = aliases.get(node.value.id)
            what = FORBIDDEN_ATTRIBUTES.get((owner, node.attr)) if owner else None
            if what is None:
                continue
            if (what in TERMINAL and not cli) or (what not in TERMINAL and not edge):
                found.append(f"{name} {what} ({node.value.id}.{node.attr})")
    for top in external_imports(source):
        if top in STDLIB:
            continue
        if top not in THIRD_PARTY_OWNERS or not owns(THIRD_PARTY_OWNERS[top], name):
            found.append(f"{name} imports {top}")
    return found


def test_every_module_lives_in_a_layer_folder():
    for path in modules():
        name = module_name(path)
        if ("." not in name and path.name != "__init__.py") or name == "__init__":
            assert name in TOP_LEVEL, f"{name} stands at the top level; move it into a layer folder"
        else:
            assert layer_of(name) >= 0, f"{name}: folder {name.split('.')[0]} is in no layer"


def test_dependencies_point_down():
    for path in modules():
        name = module_name(path)
        own = layer_of(name)
        if own < 0:
            continue
        for imported in internal_imports(path):
            target = layer_of(imported)
            assert target <= own, f"{name} (layer {own}) imports {imported} (layer {target})"


def test_folders_of_one_layer_do_not_import_each_other_both_ways():
    edges = {
        (module_name(p).split(".")[0], imported.split(".")[0])
        for p in modules()
        for imported in internal_imports(p)
    }
    both = {tuple(sorted(e)) for e in edges if e[0] != e[1] and (e[1], e[0]) in edges}
    assert both == set()


def test_no_import_cycle():
    """No module reaches itself through imports, lazy ones inside functions included."""
    graph = {
        module_name(path): {m for m in internal_imports(path) if m != module_name(path)}
        for path in modules()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            packages = [nxt.rsplit(".", i)[0] for i in range(nxt.count(".") + 1)]
            if node in packages[1:]:
                continue  # a package's __init__ importing its own modules
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join([*trail, nxt])}"
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def test_no_module_does_what_its_place_forbids():
    problems = [v for path in modules() for v in violations(module_name(path), path.read_text())]
    assert problems == []


CODE_LOADERS = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}


def test_nothing_that_can_run_code_is_ever_loaded_from_disk():
    """Caches, spools and undo records are JSON: a loader that can run code is never imported."""
    import ast

    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in CODE_LOADERS]
    assert found == []


def test_the_check_knows_every_layer_folder():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    listed = {folder for layer in LAYERS for folder in layer}
    assert folders == listed - {"errors"}


MUTATIONS = [
    ("sys.stdout.write('x')\n", "prints"),
    ("import sys as s\ns.stdout.write('x')\n", "prints"),
    ("from sys import stdout\n", "prints"),
    ("print('x')\n", "calls print"),
    ("raise SystemExit(1)\n", "raises SystemExit"),
    ("sys.exit(3)\n", "exits"),
    ("import os\nos._exit(0)\n", "exits"),
    ("import os as o\no._exit(0)\n", "exits"),
    ("import os\nvalue = os.environ.get('LEDGER_TODAY')\n", "reads the environment"),
    ("import os\nvalue = os.getenv('HOME')\n", "reads the environment"),
    ("from pathlib import Path\nhere = Path.cwd()\n", "reads the current directory"),
    ("import os\nhere = os.getcwd()\n", "reads the current directory"),
    ("import git\n", "imports git"),
    ("import yaml\n", "imports yaml"),
    ("import importlib\nloaded = importlib.import_module('yaml')\n", "imports yaml"),
    ("loaded = __import__('yaml')\n", "imports yaml"),
    ("from rich.console import Console\n", "imports rich"),
    ("import ruamel.yaml\n", "imports ruamel"),
]


@pytest.mark.parametrize(("added", "expected"), MUTATIONS)
@pytest.mark.parametrize(
    "module", ["domain/ledger", "domain/timeliness", "usecases/update", "reports/status"]
)
def test_the_check_catches_each_violation_added_to_a_domain_module(module, added, expected):
    path = PACKAGE / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    assert violations(module_name(path), source) == []
    mutated = violations(module_name(path), source + "\n\ndef _mutant():\n" + _indent(added))
    assert any(expected in found for found in mutated), mutated


def test_the_check_catches_an_import_up_a_layer():
    path = PACKAGE / "domain" / "ledger.py"
    source = path.read_text(encoding="utf-8") + "\nfrom ..load import loader\n"
    assert "load.loader" in internal_imports(path, source)
    assert layer_of("load.loader") > layer_of("domain.ledger")


def test_the_cli_may_print_but_not_own_a_foreign_library():
    path = PACKAGE / "cli" / "base.py"
    source = path.read_text(encoding="utf-8")
    assert violations("cli.base", source + "\nprint('x')\n") == []
    assert violations("cli.base", source + "\nimport ruamel.yaml\n") == ["cli.base imports ruamel"]


def _indent(text: str) -> str:
    return "".join("    " + line + "\n" for line in text.splitlines())
