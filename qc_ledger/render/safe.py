"""Text from data shown as text: control characters, terminal escapes and bidi overrides made visible.

Standard library only. Every renderer passes what came from files, git or the user through here, so
no note, name, file name or commit message can move the cursor, set the clipboard (OSC 52), hide a
link (OSC 8) or reorder what a line appears to say.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the invisible marks that reorder text.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """The text with every unsafe character written out as `\\u001b` and the like."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """Visible text on one line (line breaks shown as spaces)."""
    return visible(text).replace("\n", " ").replace("\t", " ")
