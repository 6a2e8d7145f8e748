"""Display width in terminal cells, as Rich counts it, at the cost of a `len` for most text.

Rich's `cell_len` looks each string up in a cache and, for one it has not seen, each character in a
table: a listing of a province's measures asks it millions of times about strings seen once. Here
printable ASCII is its length, other text the sum of its characters' widths (each asked of Rich
once); text with a zero-width joiner or a variation selector, which join characters, goes to Rich.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len as _rich_cell_len
from rich.cells import get_character_cell_size


class _Widths(dict):
    """Each character's width, asked of Rich the first time it is met."""

    def __missing__(self, character: str) -> int:
        width = self[character] = get_character_cell_size(character)
        return width


_WIDTHS = _Widths()
_width = _WIDTHS.__getitem__
_JOINERS = ("\u200d", "\ufe0f")  # zero-width joiner, variation selector 16: Rich joins around them


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal: equal to `rich.cells.cell_len(text)`."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _JOINERS[0] in text or _JOINERS[1] in text:
        return _rich_cell_len(text)
    return sum(map(_width, text))


def cut(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending with an ellipsis when anything was cut (as
    `cjk.clip` cuts it)."""
    if text.isascii() and text.isprintable():
        return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
    if cell_len(text) <= width:
        return text
    kept, used = 0, 0
    joined = _JOINERS[0] in text or _JOINERS[1] in text
    for char in text:
        used += _rich_cell_len(char) if joined else _width(char)
        if used > width - 1:
            break
        kept += 1
    return text[:kept] + "…"


def cut_sized(text: str, width: int) -> tuple[str, int]:
    """`cut(text, width)` with the cells it takes, each character's width read once."""
    if text.isascii() and text.isprintable():
        if len(text) <= width:
            return text, len(text)
        kept = max(width - 1, 0)
        return text[:kept] + "…", kept + 1
    if _JOINERS[0] in text or _JOINERS[1] in text:
        made = cut(text, width)
        return made, cell_len(made)
    reach = list(accumulate(map(_width, text)))
    if not reach or reach[-1] <= width:
        return text, reach[-1] if reach else 0
    kept = bisect_right(reach, width - 1)  # the characters that leave a cell for the ellipsis
    return text[:kept] + "…", (reach[kept - 1] if kept else 0) + _width("…")
