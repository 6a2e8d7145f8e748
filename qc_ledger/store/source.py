"""A data file as read: its path, kind, text and identity, and where each value stands in it.

`SourceFile` is a plain value; finding a value's line and column (`Locator`) parses the file's text
once per file, and reads a file only through the one guarded reader, while it is still the file
that was loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from .reader import file_identity, read_data_file


@dataclass(frozen=True)
class SourceFile:
    """A data file as read: its path, kind, text (empty when its record came from the cache) and identity."""

    path: Path
    kind: str
    text: str = ""
    # The file's size, mtime, ctime and inode when it was read: whether a loaded ledger is current.
    identity: tuple | None = None


def loaded_text(source: SourceFile) -> str:
    """The text of a loaded file: kept, or read again while the file is still the one loaded."""
    if source.text or source.identity is None:
        return source.text
    if file_identity(source.path) != source.identity:
        return ""
    try:
        return read_data_file(source.path)
    except DataError:
        return ""


class Locator:
    """Places values in data files: each file's round-trip document is parsed once, when first asked."""

    def __init__(self) -> None:
        self._documents: dict[SourceFile, object] = {}

    def locate(
        self, source: SourceFile, loc: tuple, *, key: bool = False
    ) -> tuple[int | None, int | None]:
        """The 1-based line and column of `loc` in a file (None when unknown)."""
        from . import yaml as store

        if source not in self._documents:
            try:
                self._documents[source] = store.parse_roundtrip(loaded_text(source), source.path)
            except DataError:
                self._documents[source] = None
        document = self._documents[source]
        if document is None:
            return None, None
        found = (store.key_position if key else store.position)(document, loc)
        return found if found else (None, None)

    def problem(self, source: SourceFile, loc: tuple, message: str, hint: str | None = None,
                **extra) -> Problem:  # fmt: skip
        """A Problem located at `loc` in a file."""
        line, column = self.locate(source, loc, key=extra.pop("key", False))
        return Problem(message, source.path, line, column, hint=hint, **extra)


def line_of(source: SourceFile, loc: tuple) -> int | None:
    """The 1-based line of `loc` in a loaded file."""
    if len(loc) == 2 and isinstance(loc[0], str) and type(loc[1]) is int:
        # An item of a top-level list (a task's measure, which `show` places) in a file in fmt's
        # layout: found by the layout's reader, without parsing the whole document with ruamel.
        from .yaml.regular import item_line

        text = loaded_text(source)
        found = item_line(text, *loc) if text else None
        if found is not None:
            return found
    return Locator().locate(source, loc)[0]
