"""Dependencies point one way, and each third-party library is imported by one module only."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qc_ledger"

# Which package modules may import which third-party libraries (a prefix ending in "." owns a package).
THIRD_PARTY_OWNERS = {
    "ruamel": {"store."},
    "pydantic": {"models", "validation"},
    "git": {"gitrepo"},
    "rich": {"render."},
    "typer": {"cli", "cli."},
    "openpyxl": {"render.xlsx", "xlsx"},
    "filelock": {"locking"},
}
STDLIB_OR_OWN = {"qc_ledger", "__future__"}


def owns(owners: set[str], name: str) -> bool:
    return any(name == o or (o.endswith(".") and name.startswith(o)) for o in owners)


# Layers: a module may import only from its own layer or lower ones.
LAYERS = [
    {"errors", "vocabulary"},
    {"models", "textcheck", "files"},
    {"validation", "registry", "store", "locking", "cache", "historycache"},
    {"ledger", "root"},
    {"filecheck", "names", "timeliness", "crosscheck"},
    {"loader", "query", "values", "recorddiff", "schemas"},
    {"update_rules", "patching", "formatting", "gitrepo", "githistory", "reports"},
    {"transaction"},
    {"actions"},
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
