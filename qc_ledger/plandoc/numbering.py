"""The numbering of plan headings and items: 一、（一）1.（1）① in any mix, and sentences.

A style's depth is not fixed: the first style met is the outermost, as each document orders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
STYLES = (
    ("part", re.compile(rf"^第[{_CN}\d]+(?:部分|章|节)\s*")),
    ("cn", re.compile(rf"^[{_CN}]+\s*[、.．]\s*")),
    ("pcn", re.compile(rf"^[（(][{_CN}]+[）)]\s*[、.．]?\s*")),
    ("num", re.compile(r"^\d{1,3}\s*[.．、](?!\d)\s*")),
    ("pnum", re.compile(r"^[（(]\d{1,3}[）)]\s*[、.．]?\s*")),
    ("circ", re.compile(r"^[①-⑳]\s*")),
    ("num2", re.compile(r"^\d{1,3}[)）]\s*")),
)
# Inline items: "…。（2）…" continues a numbered list inside one paragraph.
_INLINE_ITEM = re.compile(r"(?:(?<=[。；;])|^)\s*[（(](\d{1,3})[）)]")
_SENTENCE_END = "。！？!?"
_OPENERS = "“‘（(《【"
_CLOSERS = "”’）)》】"


@dataclass(frozen=True)
class Numbered:
    """A line split into its number (style and label as written) and the rest."""

    style: str | None
    label: str
    rest: str


def split_number(text: str) -> Numbered:
    """The heading number a line starts with, if any."""
    for style, pattern in STYLES:
        found = pattern.match(text)
        if found and text[found.end() :].strip():
            return Numbered(style, found.group(0), text[found.end() :])
    return Numbered(None, "", text)


def inline_items(text: str) -> list[tuple[str, str]]:
    """Split "…。（2）…。（3）…" into (label, text) pairs; the text before "（2）" has label ""."""
    marks = list(_INLINE_ITEM.finditer(text))
    if not marks or not any(m.group(1) == "2" for m in marks):
        return [("", text)]
    items: list[tuple[str, str]] = []
    start, label = 0, ""
    for mark in marks:
        before = text[start : mark.start()].strip()
        if before or label:
            items.append((label, before))
        label, start = mark.group(0).strip(), mark.end()
    items.append((label, text[start:].strip()))
    return items


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？, never split inside quotes or brackets."""
    found: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char in _SENTENCE_END and depth == 0:
            found.append(text[start : index + 1].strip())
            start = index + 1
    if text[start:].strip():
        found.append(text[start:].strip())
    return [sentence for sentence in found if sentence]


def measure_sentences(text: str) -> list[str]:
    """An un-numbered paragraph's measures: its sentences, a bare aim and its "通过…" means kept as one."""
    joined: list[str] = []
    for sentence in sentences(text):
        # "健全X机制。通过A、B等形式，保障C。": the second sentence says how the first is done.
        if joined and sentence.startswith("通过") and "，" not in joined[-1]:
            joined[-1] += sentence
        else:
            joined.append(sentence)
    return joined


def is_sentence(text: str) -> bool:
    """Text that reads as a sentence (ends in 。；！？ or is long), not a title."""
    return text.rstrip()[-1:] in "。；;！？!?" or len(text) > 40
