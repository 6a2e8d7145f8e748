"""A measure's line found by fmt's layout reader is the line ruamel gives, and `show` finds it
without loading ruamel; a file changed since it was loaded is never read for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qc_ledger.store import yaml as store
from qc_ledger.store.reader import file_identity
from qc_ledger.store.source import SourceFile, line_of
from qc_ledger.store.yaml.regular import item_line

from conftest import REPO

KEYS = ("measures", "after", "next", "missing")
DOCUMENTS = [
    "id: t1\nmeasures:\n  - id: m1\n    text: 一\n  - id: m2\n    text: 二\n",
    # Items at the key's column, comments and blank lines between them, a nested list at the
    # items' column and a nested key of the same name.
    "id: t1\n# measures:\nmeasures:\n- id: m1\n  measures:\n    - x\n\n  # 注释\n- id: m2\n"
    "  cooperating_units:\n  - 甲\n  - 乙\n- id: m3\nnext: 1\n",
    "measures: # 注释\n    - 文字\n    - 'x: y'\n    - \"引号\"\n    - []\nafter:\n  - 1\n",
    "title: x\nmeasures: []\n",
    "measures:\nafter:\n- 1\n",
]
# Valid YAML outside the layout: left to ruamel.
IRREGULAR = [
    "measures: [a, b]\n",
    "measures:\n  - &a x\n  - *a\n",
    "measures:\n  -\n    id: m1\n  - id: m2\n",
    "---\nmeasures:\n  - x\n",
    "measures:\n  - {id: m1}\n  - id: m2\n",
]


def _expected(document, key: str, index: int) -> int | None:
    items = document.get(key)
    if isinstance(items, list) and 0 <= index < len(items):
        return store.position(document, (key, index))[0]
    return None


@pytest.mark.parametrize("text", DOCUMENTS)
def test_an_item_is_on_the_line_ruamel_gives(text):
    document = store.parse_roundtrip(text, Path("x.yaml"))
    for key in KEYS:
        for index in range(-1, 6):
            assert item_line(text, key, index) == _expected(document, key, index), (key, index)


@pytest.mark.parametrize("text", IRREGULAR)
def test_a_document_outside_the_layout_is_left_to_ruamel(text, tmp_path):
    assert item_line(text, "measures", 1) is None
    path = tmp_path / "t.yaml"
    path.write_text(text, "utf-8")
    document = store.parse_roundtrip(text, path)
    source = SourceFile(path, "task", identity=file_identity(path))
    assert line_of(source, ("measures", 1)) == store.position(document, ("measures", 1))[0]


def test_every_measure_of_the_repository_is_where_ruamel_places_it():
    checked = 0
    for path in sorted((REPO / "data").rglob("*.yaml")):
        text = path.read_text("utf-8")
        document = store.parse_roundtrip(text, path)
        for index in range(len(document.get("measures") or ())):
            found = item_line(text, "measures", index)
            assert found is None or found == _expected(document, "measures", index), (path, index)
            checked += found is not None
    assert checked > 10


def test_show_finds_a_measure_without_loading_ruamel(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(DOCUMENTS[1], "utf-8")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from qc_ledger.store.reader import file_identity\n"
        "from qc_ledger.store.source import SourceFile, line_of\n"
        "path = Path(sys.argv[1])\n"
        "print(line_of(SourceFile(path, 'task', identity=file_identity(path)), ('measures', 2)),"
        " 'ruamel.yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.split() == ["13", "False"]


def test_a_file_changed_since_it_was_loaded_is_not_read_for_a_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(DOCUMENTS[0], "utf-8")
    loaded = SourceFile(path, "task", identity=file_identity(path))
    assert line_of(loaded, ("measures", 1)) == 5
    path.write_text("# 新的一行\n" + DOCUMENTS[0], "utf-8")
    assert line_of(loaded, ("measures", 1)) is None
    again = SourceFile(path, "task", identity=file_identity(path))
    assert line_of(again, ("measures", 1)) == 6
