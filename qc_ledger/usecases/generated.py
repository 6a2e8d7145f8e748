"""Files the ledger generates from itself (schemas, CODEOWNERS, issue forms): written, or checked.

Never prints or exits: the outcome says which files were written, or which differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Generated:
    """The generated files by path under the root, and (when checked) those that are out of date."""

    paths: tuple[str, ...]
    outdated: tuple[str, ...] = ()
    checked: bool = False


def write_generated(root: Path, files: dict[str, str], *, check: bool = False) -> Generated:
    """Write each generated file, or with `check` only find those that differ from the text given."""
    from ..store.files import write_atomic

    if check:
        outdated = tuple(
            path
            for path, text in files.items()
            if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
        )
        return Generated(tuple(files), outdated, checked=True)
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    return Generated(tuple(files))


def outdated_commands(root: Path, load) -> tuple[str, ...]:
    """The commands that regenerate the issue forms or CODEOWNERS this repository has and that no
    longer match the ledger `load()` gives (nothing is loaded when the repository has neither)."""
    from ..collab.codeowners import FILES, generate
    from ..collab.forms import FORM_FILES, form_files

    makers = [
        (command, make)
        for command, make, paths in (
            ("ledger forms", form_files, FORM_FILES),
            ("ledger codeowners", generate, FILES.values()),
        )
        if any((root / path).is_file() for path in paths)
    ]
    if not makers:
        return ()
    ledger = load()
    return tuple(
        command
        for command, make in makers
        if write_generated(root, make(ledger), check=True).outdated
    )
