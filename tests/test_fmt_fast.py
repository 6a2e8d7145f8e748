"""`fmt --check` without the round trip: files the dump writes back as they are are told from their
lines, and the verdicts are cached; every answer is the round trip's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qc_ledger.edit.formatting import _canonical_as_is, format_ledger, format_text, schema_line
from qc_ledger.edit.patching import Edit
from qc_ledger.errors import DataError
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.store import yaml as store
from qc_ledger.store.reader import read_data

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
import generate


def _swap_first_keys(text: str) -> str:
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return "\n".join(lines)


def _compact_sequences(text: str) -> str:
    """Sequences written at their key's indent (`- id:` under `measures:`), as many editors do."""
    return "\n".join(line[2:] if line.startswith("  ") else line for line in text.split("\n"))


def _first(old: str, new: str):
    return lambda text: text.replace(old, new, 1)


def _quote_first_note(mark: str):
    def change(text: str) -> str:
        start = text.index("note: ") + len("note: ")
        end = text.index("\n", start)
        return text[:start] + mark + text[start:end] + mark + text[end:]

    return change


# Each changes one task file; the ledger still loads. Some leave it canonical (quotes are kept).
MUTATIONS = {
    "field order": _swap_first_keys,
    "unit alias": lambda text: text.replace("lead_unit: 清远区发展改革局", "lead_unit: 发改局", 1),
    "flow list": _first("cooperating_units: []", "cooperating_units: [清远区财政局]"),
    "compact sequences": _compact_sequences,
    "null as ~": _first("responsible_person: null", "responsible_person: ~"),
    "empty null": _first("responsible_person: null", "responsible_person:"),
    "double quotes": _quote_first_note('"'),
    "single quotes": _quote_first_note("'"),
    "end-of-line comment": _first("\nmeasures:\n", "\nmeasures:  # 措施\n"),
    "comment inside": _first("\nmeasures:\n", "\n# 措施如下\nmeasures:\n"),
    "blank line": _first("\nmeasures:\n", "\n\nmeasures:\n"),
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "no schema line": lambda text: text.split("\n", 1)[1],
    "other schema line": lambda text: (
        "# yaml-language-server: $schema=x.json\n" + text.split("\n", 1)[1]
    ),
    "two spaces": lambda text: text.replace("\ntitle: ", "\ntitle:  ", 1),
    "trailing space": lambda text: text.replace("\ntitle: ", "\ntitle: ", 1).replace(
        "\nmeasures:\n", "\nmeasures: \n", 1
    ),
    "no final newline": lambda text: text.rstrip("\n"),
    "two final newlines": lambda text: text + "\n",
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """A generated ledger whose task files each carry one deliberate departure from the layout."""
    root = tmp_path_factory.mktemp("messy")
    generate.build(root, 40)
    units = root / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    at = text.index("  - name: 清远区发展改革局\n")
    end = text.index("    aliases: []\n", at)
    units.write_text(text[:end] + "    aliases:\n      - 发改局\n" + text[end + 16 :], "utf-8")
    tasks = sorted((root / "data" / "tasks").rglob("*.yaml"))
    changed = {}
    for name, change in MUTATIONS.items():  # each on the first file left that it changes
        for path in tasks:
            original = path.read_bytes().decode("utf-8")
            if change(original) != original:
                path.write_bytes(change(original).encode("utf-8"))
                changed[name] = path
                tasks.remove(path)
                break
        assert name in changed, name
    bom = tasks[0]
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    changed["bom"] = bom
    return root, changed


def _round_trip_edits(ledger) -> list[Edit]:
    """What `fmt` gave before the fast path: every file through the round trip."""
    edits = []
    for source in ledger.sources.values():
        old = read_data(source.path, ledger.root)
        text, notes = format_text(source.kind, old.text, source.path, ledger)
        edit = Edit(source.path, text, old.raw, source.kind, notes=tuple(notes), keep_bytes=False)
        edits.append(edit)
    return sorted(edits, key=lambda edit: edit.path.as_posix())


def _shown(edits: list[Edit]) -> list[tuple]:
    return sorted((e.path.as_posix(), e.changed, e.new_text, e.notes) for e in edits)


def test_fast_and_round_trip_verdicts_agree_on_every_file(messy, private_cache):
    root, changed = messy
    ledger = open_ledger(root, cached=False)
    slow = _round_trip_edits(ledger)
    assert {e.path for e in slow if e.changed} >= {
        changed[name]
        for name in ("field order", "unit alias", "flow list", "compact sequences", "crlf", "bom")
    }
    fast_paths = set()
    for source in ledger.sources.values():
        old = read_data(source.path, root)
        line = schema_line(source.kind, source.path, root)
        if _canonical_as_is(source.kind, old, line, ledger):
            fast_paths.add(source.path)
    unchanged = {e.path for e in slow if not e.changed}
    assert fast_paths <= unchanged, "the fast path never passes a file the round trip changes"
    # Task and group files (nearly all of a ledger) are told without ruamel; the few others may
    # carry comments between their fields, which the round trip is left to judge.
    untouched = {p for p in unchanged - set(changed.values()) if p.parent.name != "data"}
    assert len(untouched) > 20 and untouched <= fast_paths
    # fmt --check gives the round trip's answer, cold and again with the verdicts cached.
    assert _shown(format_ledger(ledger)) == _shown(slow)
    assert list(private_cache.glob("fmt-*.json"))
    assert _shown(format_ledger(ledger)) == _shown(slow)


def test_the_check_lists_the_same_files_with_and_without_the_cache(messy, private_cache):
    root, _ = messy
    cold = run_cli(root, "--no-cache", "fmt", "--check")
    first = run_cli(root, "fmt", "--check")
    warm = run_cli(root, "fmt", "--check")
    assert cold.exit_code == first.exit_code == warm.exit_code == 1
    assert cold.stdout == first.stdout == warm.stdout and cold.stdout.count("\n") >= 6


def test_a_cached_verdict_follows_the_registry_and_the_schema_line(mini, private_cache):
    assert run_cli(mini, "fmt", "--check").exit_code == 0
    units = mini / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    # Make a name every task writes an alias of a new unit: the cached "canonical" must not hold.
    task = (mini / "data" / "tasks" / "g1-t1.yaml").read_text(encoding="utf-8")
    lead = task.split("lead_unit: ", 1)[1].split("\n", 1)[0]
    assert f"- name: {lead}\n" in text
    renamed = text.replace(f"- name: {lead}\n", f"- name: {lead}（新）\n    aliases_note: x\n", 1)
    renamed = renamed.replace("    aliases_note: x\n", "", 1)
    at = renamed.index(f"- name: {lead}（新）\n")
    end = renamed.index("aliases:", at)
    line_end = renamed.index("\n", end)
    units.write_text(renamed[:end] + f"aliases: [{lead}]" + renamed[line_end:], encoding="utf-8")
    result = run_cli(mini, "fmt", "--check")
    assert result.exit_code == 1
    assert f"“{lead}” → “{lead}（新）”" in result.stdout


# Texts the fast check may pass only if the round trip writes them back byte for byte.
SNIPPETS = [
    "id: a\nlist:\n  - x\n  - y\n",
    "id: a\nlist:\n- x\n- y\n",
    "id: a\nmap:\n  k: v\n  n: 1\n",
    "id: a\nmap:\n    k: v\n",
    "id: a\nitems:\n  - k: v\n    m: w\n    deep:\n      - 1\n      - 2\n",
    "id: a\nitems:\n  - k: v\n    sub:\n      z: 1\n",
    "id: a\nv: 'it''s'\n",
    'id: a\nv: "双引号"\n',
    "id: a\nv: '单引号'\n",
    "id: a\nv: 2024-07-01\n",
    'id: a\nv: "2024-07-01"\n',
    "id: a\nv: 2025年底前\n",
    "id: a\nv: 2024-13-01\n",
    "id: a\nv: -5年\n",
    "id: a\nv: Note：注意\n",
    "id: a\nv: Note: 注意\n",
    "id: a\nv: 'yes'\n",
    "id: a\nv: true\n",
    "id: a\nv: True\n",
    "id: a\nv: null\n",
    "id: a\nv: ~\n",
    "id: a\nv:\n",
    "id: a\nv: 020\n",
    "id: a\nv: -0\n",
    "id: a\nv: 1.50\n",
    "id: a\nv: []\n",
    "id: a\nv: {}\n",
    "id: a\nv: a  b\n",
    "id: a\nv: 完成 # 注释\n",
    "id: a\nv: 完成  # 注释\n",
    "# 头注释\nid: a\n",
    "# 头注释 \nid: a\n",
    "\n# 头注释\nid: a\n",
    "id: a\n# 尾注释\n",
    "id: a\nv: 完成。\u3000\n",
    "id: a\nv: \u3000完成\n",
    "id: a\nv: a'b\"c\n",
    "id: a\nv: 50%\n",
    "id: a\nv: 'x' \n",
    "id: a\nv: é\n",
    "id: a\nv: 😀\n",
    "id: a\nv: " + "很长的文字" * 900 + "\n",
    "id: a\nv: " + "long words " * 500 + "end\n",
]


@pytest.mark.parametrize("text", SNIPPETS, ids=range(len(SNIPPETS)))
def test_the_fast_check_passes_only_what_the_round_trip_writes_back(text):
    try:
        round_trip = store.dump_roundtrip(store.parse_roundtrip(text, Path("x.yaml")))
    except DataError:
        round_trip = None  # not YAML at all
    if store.dumped_as_is(text) is not None:
        assert round_trip == text


def test_the_fast_check_passes_the_plain_layout():
    passed = [text for text in SNIPPETS if store.dumped_as_is(text) is not None]
    assert len(passed) >= 15, passed
