"""The listing's table written a line at a time: each repeated cell padded once, each row's line
a few joined strings (what `measure_tables._chunks` lays out, for rows of one-line cells)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..domain.lazy import Memo
from ..vocabulary import LIGHT_WORDS, STATUS_LABELS
from .cells import cell_len, cut_sized
from .cjk import ambiguous_wide

if TYPE_CHECKING:
    from ..reports.table_rows import TableRow

NOT_HERE = False  # what `quick_chunks` gives for rows it does not lay out: the general way does

# Headers as `measure_tables._chunks` names its columns (no role column here).
_TEXT_HEADER, _UNIT_HEADER, _DATE_HEADER, _FLAG_HEADER = (
    "任务\n措施",
    "牵头单位\n责任人",
    "完成时限\n状态",
    "提示",
)
_BATCH = 2048  # rows written at a time


def _single(text: str) -> bool:
    """Whether a table shows the text as it is, on one line (see `measure_tables._Shown.lines`)."""
    return text.isprintable()


def quick_chunks(
    rows: list[TableRow], width: int, sizes: dict, id_header: str
) -> Iterator[str] | bool | None:
    """The table's text in pieces; None when its columns do not fit the width; `NOT_HERE` when a
    cell would take more than a line or the terminal takes ambiguous characters as wide.

    `sizes` is `measure_tables._layout` of the rows."""
    if not rows or ambiguous_wide():
        return NOT_HERE  # no rows: the general way draws the empty table
    unit_width, text_width = sizes["unit"], sizes["text"]
    titles = Memo(lambda title: cut_sized(title, text_width))
    texts = Memo(lambda text: cut_sized(text, text_width))
    units = Memo(lambda name: cut_sized(name, unit_width))
    # Everything but the rows' texts and ids repeats: checked and measured once a value.
    shown = {row.place for row in rows} | {word for row in rows for word in row.flags}
    shown |= {row.task_title for row in rows} | {row.text for row in rows}
    shown |= set(sizes["units"]) | {row.person for row in rows}
    ids = "".join([row.id for row in rows])  # printable ASCII as a whole when each id is
    if not all(map(_single, shown)) or not ids.isprintable():
        return NOT_HERE
    if not ids.isascii():
        return NOT_HERE  # ids padded by their length
    lights = {None: ("-", 1), **{key: (word, cell_len(word)) for key, word in LIGHT_WORDS.items()}}
    states = Memo(lambda key: _measured(f"{STATUS_LABELS[key[0]]} {key[1]}%"))
    places = Memo(_measured)
    header = [["", "灯"], id_header.split("\n"), _TEXT_HEADER.split("\n"),
              _UNIT_HEADER.split("\n"), _DATE_HEADER.split("\n"), ["", _FLAG_HEADER]]  # fmt: skip
    widths = [max(2, *map(cell_len, lines)) for lines in header]
    # Each column as wide as its widest line, each distinct value measured once: `sizes` has
    # counted the ids, places, states and flags as shown (printable text is shown as it is).
    widths[0] = max(widths[0], *(lights[shade][1] for shade in {row.light for row in rows}))
    widths[1] = max(widths[1], sizes["id"])
    titled = {row.task_title for row in rows}
    written = {row.text for row in rows}
    widths[2] = max(widths[2], *(titles[title][1] for title in titled),
                    *(texts[text][1] for text in written))  # fmt: skip
    people = {row.person for row in rows} | set(sizes["units"])
    widths[3] = max(widths[3], *(units[name][1] for name in people))
    widths[4] = max(widths[4], sizes["date"], 10)
    widths[5] = max(widths[5], sizes["flag"])
    if widths[2] > text_width or widths[3] > unit_width:
        return NOT_HERE  # a column narrowed below its widest line: lines would be cut
    if sum(widths) + len(widths) - 1 > width:
        return None
    made = {"lights": lights, "places": places, "titles": titles, "texts": texts,
            "units": units, "states": states}  # fmt: skip
    return _lines(rows, sizes["units"], widths, header, made)


def _measured(text: str) -> tuple[str, int]:
    return text, cell_len(text)


def _padded(cell: tuple[str, int], width: int) -> str:
    """A cell's line padded to its column, with the space before the next column."""
    return cell[0] + " " * (width - cell[1] + 1)


def _lines(rows, fitted, widths, header, made) -> Iterator[str]:
    wide, wid, wtext, wunit, wdate, _ = widths
    pad = {key: _padded(cell, wide) for key, cell in made["lights"].items()}
    place = Memo(lambda key: _padded(made["places"][key], wid))
    title = Memo(lambda key: _padded(made["titles"][key], wtext))
    text = Memo(lambda key: _padded(made["texts"][key], wtext))
    unit = Memo(lambda key: _padded(made["units"][key], wunit))
    state = Memo(lambda key: _padded(made["states"][key], wdate))
    # The last cell of a row's second line without flags: its text, with no padding after it.
    bare = Memo(lambda key: made["states"][key][0].rstrip(" "))
    spaces = [" " * size for size in range(max(widths) + 2)]
    to_unit = wid + 1  # ids are ASCII: padded by their length, with the space after them
    blank = spaces[wide + 1]
    # Past a row's second line only its flags go on: every other cell is blank.
    under = blank + spaces[wid + 1] + spaces[wtext + 1] + spaces[wunit + 1] + spaces[wdate + 1]
    tail = spaces[wdate - 10 + 1]
    out = [_head(header, widths), "─" * (sum(widths) + len(widths) - 1)]
    append = out.append
    for start in range(0, len(rows), _BATCH):
        for row, name in zip(rows[start : start + _BATCH], fitted[start : start + _BATCH]):  # noqa: B905
            flags = row.flags
            if not flags:
                # Both lines at once; each ends with a cell that is not blank (a date, a status),
                # so nothing is left to strip once the padding after it is not added.
                append(f"{pad[row.light]}{row.id.ljust(to_unit)}{title[row.task_title]}"
                       f"{unit[name]}{row.deadline}\n{blank}{place[row.place]}{text[row.text]}"
                       f"{unit[row.person]}{bare[(row.status, row.progress)]}")  # fmt: skip
                continue
            first = (pad[row.light] + row.id.ljust(to_unit) + title[row.task_title]
                     + unit[name] + row.deadline + tail)  # fmt: skip
            second = (blank + place[row.place] + text[row.text] + unit[row.person]
                      + state[(row.status, row.progress)])  # fmt: skip
            append((first + flags[0]).rstrip(" "))
            append((second + flags[1] if len(flags) > 1 else second).rstrip(" "))
            out.extend((under + word).rstrip(" ") for word in flags[2:])
        text_out = "\n".join(out) + "\n"
        out.clear()
        yield text_out


def _head(header: list[list[str]], widths: list[int]) -> str:
    """The header's two lines, each cell padded to its column, no padding at the ends."""
    lines = []
    for number in range(2):
        parts = [
            lines_[number] + " " * (width - cell_len(lines_[number]))
            for lines_, width in zip(header, widths, strict=True)
        ]
        lines.append(" ".join(parts).rstrip(" "))
    return "\n".join(lines)
