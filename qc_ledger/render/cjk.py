"""Chinese text in a terminal: wrapping by display cells and Chinese line-breaking rules, cutting
with an ellipsis, paragraphs and label/value lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from .cells import cell_len
from .safe import visible

# Punctuation of East Asian *ambiguous* width, drawn one cell wide by most terminals and two by some
# (a CJK font or an "ambiguous as wide" setting). Rich counts one, so on those terminals tables
# slip: with LEDGER_AMBIGUOUS_WIDE=1 they are shown in forms every terminal draws two cells wide.
_WIDE_FORMS = str.maketrans(
    {"“": "「", "”": "」", "‘": "『", "’": "』", "…": "⋯", "—": "－", "·": "・", "※": "＊"}
)
_ambiguous_wide = False


def set_ambiguous_wide(wide: bool) -> None:
    """Say whether this terminal draws ambiguous-width characters two cells wide."""
    global _ambiguous_wide
    _ambiguous_wide = wide


def ambiguous_wide() -> bool:
    """Whether tables must avoid ambiguous-width characters (their box lines too)."""
    return _ambiguous_wide


def for_terminal(text: str) -> str:
    """Text as a terminal shows it: unsafe characters visible, ambiguous widths made certain."""
    text = visible(text)
    return text.translate(_WIDE_FORMS) if _ambiguous_wide else text


def plain(text: str, style: str = "") -> Text:
    """Data as a Rich text: shown literally (no markup), unsafe characters made visible."""
    return Text(for_terminal(text), style=style)


# Chinese typesetting: these never start a line, those never end one.
NO_LINE_START = frozenset("，。、；：？！）》」』”’%")
NO_LINE_END = frozenset("（《「『“‘")
_TOKENS = re.compile(r"[!-~]+|\s|.")


def _fits(text: str, width: int) -> bool:
    """Whether text is one line within `width` cells, counted the same whole or token by token."""
    if "\n" in text or "\u200d" in text or "\ufe0f" in text:
        return False  # joiners make a whole narrower than its pieces
    return cell_len(text) <= width


class _CharCells(dict):
    """Each character's cells as `cell_len` counts it, counted once: a paragraph is mostly
    one-character tokens, and a reminder list has a million of them."""

    def __missing__(self, char: str) -> int:
        size = self[char] = cell_len(char)
        return size


_char_cells = _CharCells().__getitem__


def wrap_cjk(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` cells: anywhere in Chinese, between ASCII words."""
    if _fits(text, width):
        return [text.rstrip()]  # what the loop below gives a line that never breaks
    lines: list[list[str]] = [[]]
    used = 0
    for word in _TOKENS.findall(text):
        # A token longer than one character is a run of printable ASCII: a cell each.
        size = len(word) if len(word) > 1 else _char_cells(word)
        for token in word if size > width else (word,):
            if token is not word:
                size = _char_cells(token)
            if used + size > width and lines[-1]:
                carried: list[str] = []
                if token in NO_LINE_START and len(lines[-1]) > 1:
                    carried = [lines[-1].pop()]
                while len(lines[-1]) > 1 and lines[-1][-1] in NO_LINE_END:
                    carried.insert(0, lines[-1].pop())
                lines.append(carried)
                used = sum(map(cell_len, carried))
                if token.isspace():
                    continue
            lines[-1].append(token)
            used += size
    return ["".join(line).rstrip() for line in lines]


class Items(str):
    """A value made of names joined by 、: wrapped only between names, never inside one."""


def wrap_items(text: str, width: int) -> list[str]:
    """Break a 、-joined list of names between its items; an item wider than a line is wrapped."""
    items = re.findall(r"[^、]+(?:、|$)", text)
    lines: list[str] = [""]
    for item in items:
        if lines[-1] and cell_len(lines[-1]) + cell_len(item) > width:
            lines.append("")
        if cell_len(item) > width:
            pieces = wrap_cjk(lines[-1] + item, width)
            lines[-1:] = pieces
        else:
            lines[-1] += item
    return [line.rstrip() for line in lines]


def fit_name(full: str, short: str, width: int) -> str:
    """A unit's full name when it fits the column, else its short name (cut only as a last resort)."""
    if cell_len(full) <= width:
        return full
    return clip(short, width)


def clip(text: str, width: int) -> str:
    """Cut text to at most `width` cells, ending with an ellipsis when anything was cut."""
    if cell_len(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += cell_len(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def paragraph(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """A paragraph's lines for a console `width` cells wide, prefixes counted in cells."""
    room = max(10, width - max(cell_len(first), cell_len(rest)))
    return [(rest if index else first) + line for index, line in enumerate(wrap_cjk(text, room))]


def say(console: Console, text: str, *, first: str = "", rest: str = "", style: str = "") -> None:
    """Print a paragraph wrapped to the console, prefixes counted in cells (hanging indent)."""
    for line in paragraph(text, console.width, first, rest):
        console.print(plain(line, style=style))


def print_facts(console: Console, rows: Sequence[tuple[str, str | Text]], label: int = 8) -> None:
    """Label/value lines; a long value wraps under itself, a Text value keeps its style."""
    width = max([label, *(cell_len(name) for name, _ in rows)])
    for name, value in rows:
        head = name + " " * (width - cell_len(name) + 1)
        if isinstance(value, Text):
            console.print(plain(head, style="bold") + value)
            continue
        wrap = wrap_items if isinstance(value, Items) else wrap_cjk
        for index, line in enumerate(wrap(value, max(10, console.width - width - 1))):
            console.print(plain(head if index == 0 else " " * (width + 1)) + plain(line))
