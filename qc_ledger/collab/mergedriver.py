"""The git merge driver for task files: `ledger merge-file %O %A %B %P`, set up by `ledger setup`.

git's own line merge is tried first; where it conflicts, the files are merged record by record
(merging), written back into our version's layout with its comments, and checked like any task
file. Only a real conflict is left to people, with git's usual markers. A file it cannot read as
a task file keeps git's line merge, both sides' edits in it. Never prints or exits.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..store import yaml as store
from ..store.files import write_atomic
from ..store.reader import read_data_file
from .merging import Conflict, merge_task


@dataclass
class MergeOutcome:
    """How one file merged: cleanly (by lines or by records), or with conflicts left marked."""

    clean: bool
    by_records: bool = False
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(path: Path) -> str:
    return read_data_file(path)


def _line_merge(ours: Path, base: Path, theirs: Path) -> tuple[int, str]:
    """git merge-file: (conflict count, merged text with markers)."""
    result = subprocess.run(
        [
            "git",
            "merge-file",
            "-p",
            "-L",
            "这边",
            "-L",
            "共同基础",
            "-L",
            "另一边",
            str(ours),
            str(base),
            str(theirs),
        ],
        capture_output=True,
        check=False,
    )
    if result.returncode < 0 or result.returncode > 127:
        raise DataError.single(
            f"git merge-file 失败（{result.stderr.decode('utf-8', 'replace').strip()}）",
            hint="确认 git 可以运行",
        )
    return result.returncode, result.stdout.decode("utf-8", "replace")


def _problems(text: str, shown: Path) -> list[str]:
    from ..load.filecheck import check_text
    from ..store.source import SourceFile

    checked = check_text(SourceFile(shown, "task", text=text))
    return [
        f"第 {p.line} 行：{p.message}" if p.line else p.message
        for p in checked.problems
        if p.severity == "error"
    ]


def _task_shaped(data: object) -> bool:
    """A mapping whose `measures` are mappings, each with its own id: what records merge by."""
    if not isinstance(data, dict) or not isinstance(data.get("measures"), list):
        return False
    ids = [m.get("id") if isinstance(m, dict) else None for m in data["measures"]]
    return all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)


def merge_file(base: Path, ours: Path, theirs: Path, shown: Path) -> MergeOutcome:
    """Merge `theirs` into `ours` (written in place), as git asks of a merge driver."""
    count, merged_lines = _line_merge(ours, base, theirs)
    if count == 0 and not _problems(merged_lines, shown):
        write_atomic(ours, merged_lines)
        return MergeOutcome(clean=True)
    try:
        texts = [_text(path) for path in (base, ours, theirs)]
        datas = [store.parse_fast(text, shown) for text in texts]
    except DataError as exc:
        write_atomic(ours, merged_lines)
        return MergeOutcome(clean=False, problems=[p.message for p in exc.problems])
    if not all(_task_shaped(data) for data in datas):
        # Not a task file the record merge understands: git's own result, both sides' edits kept.
        write_atomic(ours, merged_lines)
        return MergeOutcome(clean=False, problems=["文件内容不是任务文件的格式，已按行合并"])
    merged, conflicts = merge_task(*datas)
    if conflicts:
        write_atomic(ours, merged_lines)
        return MergeOutcome(clean=False, conflicts=conflicts)
    text = _render(texts[1], datas[1], merged, shown)
    problems = _problems(text, shown)
    if problems:
        write_atomic(ours, merged_lines)
        return MergeOutcome(clean=False, problems=problems)
    write_atomic(ours, text)
    return MergeOutcome(clean=True, by_records=True)


def _render(ours_text: str, ours: dict, merged: dict, shown: Path) -> str:
    """Our version's text with the merged values put in, keeping its layout and comments."""
    document = store.parse_roundtrip(ours_text, shown)
    for key, value in merged.items():
        if key != "measures" and ours.get(key) != value:
            store.set_value(document, key, value)
    kept = {measure.get("id") for measure in merged["measures"]}
    sequence = document["measures"]
    for index in reversed(range(len(sequence))):
        if sequence[index].get("id") not in kept:
            del sequence[index]  # removed on the other side, untouched on ours
    nodes = {node.get("id"): node for node in sequence}
    mine = {m.get("id"): m for m in ours.get("measures") or [] if isinstance(m, dict)}
    for measure in merged["measures"]:
        node = nodes.get(measure.get("id"))
        if node is None:
            store.append_item(document["measures"], measure)
            continue
        before = mine[measure["id"]]
        for key, value in measure.items():
            old = before.get(key)
            if old == value:
                continue
            if isinstance(old, list) and value[: len(old)] == old and key in node:
                for item in value[len(old) :]:
                    store.append_item(node[key], item)
            else:
                store.set_value(node, key, value)
    return store.dump_roundtrip(document)
