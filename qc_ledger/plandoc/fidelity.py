"""The fidelity check: the outline covers every word of the source's task text and adds none.

Independent of how the outline was read: each source line in the task part must be used up by the
measures, titles and assignments placed on it, and each measure's words must stand in its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line, squeeze
from .outline import Outline

# What may remain of a line once its words are used up: numbering, punctuation, spaces.
_LEFTOVER = re.compile(r"[（(]?[一二三四五六七八九十\d①-⑳]{0,3}[）)]?[、.．:：，,。；;（）()\s|]*")


@dataclass
class Fidelity:
    """Source words no record holds (missing) and record words the source does not hold (added)."""

    missing: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.added


def check_fidelity(lines: list[Line], outline: Outline) -> Fidelity:
    """Compare the outline with the source lines it was read from."""
    result = Fidelity()
    by_where = {line.where: line for line in lines}
    used: dict[str, list[str]] = {}
    for where, text in outline.consumed:
        used.setdefault(where, []).append(text)
    for group in outline.groups:
        used.setdefault(group.where, []).append(group.name)
        for task in group.tasks:
            used.setdefault(task.where, []).append(task.title)
            for measure in task.measures:
                used.setdefault(measure.where, []).append(measure.text)
                if measure.assignment is not None and not measure.lead_from:
                    used[measure.where].append(measure.assignment.raw)
                line = by_where.get(measure.where)
                if line is None or squeeze(measure.text) not in squeeze(line.text):
                    result.added.append((measure.where, measure.text))
    outside = set(outline.outside)
    for line in lines:
        if line.where in outside:
            continue
        rest = squeeze(line.text)
        for piece in sorted(used.get(line.where, []), key=len, reverse=True):
            rest = rest.replace(squeeze(piece), "|", 1)
        if _LEFTOVER.sub("", rest):
            words = [part.strip("，,。；;、") for part in rest.split("|")]
            result.missing.append((line.where, "……".join(part for part in words if part)))
    return result
