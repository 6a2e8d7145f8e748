"""The unit registry a plan implies: every name as written, collective names kept as such, and
near-variants (区发展改革局 / 区发展和改革局 / 区发改局) proposed as aliases, never merged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .assignments import is_collective

UNASSIGNED = "待明确牵头单位"
_KINDS = (
    (re.compile(r"(街道|镇|乡)$"), "街镇"),
    (re.compile(r"^[市省].*分局$"), "市直分局"),
    (re.compile(r"^[区县市]委.*(部|办|室)$"), "区委部门"),
    (re.compile(r"(领导小组办公室|统筹办|帮扶办|办公室)$"), "议事协调机构"),
    (re.compile(r"(税务局|供电局|海关|气象局)$"), "垂直管理单位"),
    (re.compile(r"(中心|站|所|院)$"), "事业单位"),
    (re.compile(r"^[区县].*局$"), "区直部门"),
    (re.compile(r"(工商联|团委|妇联|总工会|科协)$"), "人民团体"),
)


@dataclass(frozen=True)
class AliasProposal:
    """Two spellings that may name one unit: the office confirms before they are merged."""

    variant: str
    canonical: str


def unit_kind(name: str) -> str:
    """The kind a unit's name suggests (a guess, said so in the registry's note)."""
    if name == UNASSIGNED or is_collective(name):
        return "统称"
    return next((kind for pattern, kind in _KINDS if pattern.search(name)), "其他")


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def _near(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    if len(short) < 4 or short[0] != long[0]:
        return False
    if short[-1] == long[-1] and _subsequence(short, long):
        return True
    prefix = len(next((p for p in _prefixes(a, b)), ""))
    return prefix >= 6 and abs(len(a) - len(b)) <= 2


def _prefixes(a: str, b: str):
    for size in range(min(len(a), len(b)), 0, -1):
        if a[:size] == b[:size]:
            yield a[:size]


def alias_proposals(counts: Counter) -> list[AliasProposal]:
    """Each rarer spelling near a more common one (ties: the one met first stays canonical)."""
    names = [n for n in counts if not is_collective(n) and n != UNASSIGNED]
    found: list[AliasProposal] = []
    for index, name in enumerate(names):
        better = [
            other
            for other in names[:index] + names[index + 1 :]
            if _near(name, other) and (counts[other], -names.index(other)) > (counts[name], -index)
        ]
        if better:
            best = max(better, key=lambda other: (counts[other], -names.index(other)))
            found.append(AliasProposal(name, best))
    return found


def registry_entries(counts: Counter, proposals: list[AliasProposal]) -> list[dict]:
    """units.yaml's units: each name as written, its guessed kind, and proposals in its note."""
    proposed = {p.variant: p.canonical for p in proposals}
    entries = []
    for name in counts:
        kind = unit_kind(name)
        notes = []
        if name == UNASSIGNED:
            notes.append("方案没有写牵头单位的措施暂列在这里，待统筹办明确后改为实际单位")
        elif kind == "统称":
            notes.append("方案原文的统称，指多个单位，不是一个单位；由统筹办明确所指")
        else:
            notes.append("类别按名称推定（ledger init），待统筹办确认")
        if name in proposed:
            notes.append(
                f"可能与“{proposed[name]}”是同一单位（写法相近）；确认后把本条删去、"
                f"在“{proposed[name]}”的 aliases 中加上“{name}”"
            )
        entries.append(
            {"name": name, "kind": kind, "aliases": [], "note": "；".join(notes), "contact": None}
        )
    return entries
