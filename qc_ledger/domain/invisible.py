"""Characters nobody can see, or that break or reorder a line where none shows. Standard library only."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽不换行空格",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u2028": "Unicode 行分隔符",
    "\u2029": "Unicode 段分隔符",
    "\u0085": "下一行控制符（NEL）",
    # Marks that reorder how a line is drawn: a name could read as another, or hide from a search.
    "\u061c": "阿拉伯字母标记（ALM）",
    "\u200e": "从左到右标记（LRM）",
    "\u200f": "从右到左标记（RLM）",
    "\u202a": "从左到右嵌入（LRE）",
    "\u202b": "从右到左嵌入（RLE）",
    "\u202c": "方向格式结束（PDF）",
    "\u202d": "从左到右覆盖（LRO）",
    "\u202e": "从右到左覆盖（RLO）",
    "\u2066": "从左到右隔离（LRI）",
    "\u2067": "从右到左隔离（RLI）",
    "\u2068": "首字符决定方向隔离（FSI）",
    "\u2069": "方向隔离结束（PDI）",
}
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(_INVISIBLE_NAMES) + "]")


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👨‍👩‍👧): part of the picture, not hidden."""
    if text[index] != "\u200d" or not 0 < index < len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    pictured = ("So", "Sk", "Mn")
    return (
        unicodedata.category(before) in pictured or before == "\ufe0f"
    ) and unicodedata.category(after) == "So"


def find_invisible(text: str) -> tuple[int, str] | None:
    """The index and a Chinese description of the first invisible, line-breaking or bidi character."""
    for match in INVISIBLE.finditer(text):
        if _joins_emoji(text, match.start()):
            continue
        char = match.group()
        return match.start(), f"U+{ord(char):04X}（{_INVISIBLE_NAMES.get(char, '控制字符')}）"
    return None
