"""Progress notes worth reading (防纸面销号): boilerplate, copied notes, jumps without evidence, red
measures with no problem or next step stated. Thresholds from rules.yaml's note_quality.

No language model: a note has substance when it carries a number, a date, a document reference or a
word of the measure's deliverable; copies are found by difflib's ratio on normalised text, prefiltered
by length and by the cheap ratios so that a province's notes do not compare every pair. Pure.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from . import lazylog
from .digest import MeasureFacts
from .models import Measure, Period, ProgressEntry, Rules
from .supervision_models import NoteQuality
from .timeliness import is_open, is_overdue, light

# Digits (a count, a date, a share), Chinese counts (三家, 两个), references (〔2024〕12号, 清发〔2023〕5号).
_NUMBER = re.compile(
    r"[0-9]|[〇一二两三四五六七八九十百千万]+\s*[个项家件份次条名户亩期批座所场处人元套宗笔篇本]"
)
_REFERENCE = re.compile(r"[〔\[(][0-9]{4}[〕\])][0-9]+号|https?://")
# What is left out when notes are compared: spaces and punctuation say nothing of what was done.
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_TERM_SPLIT = re.compile(r"[、，,；;。/和及与或等\s（）()“”\"]+")

CODES = ("note_boilerplate", "note_copied", "note_jump", "note_no_problems")


@dataclass(frozen=True)
class NoteWarning:
    """One warning on one progress entry: which, on what, and how to fix it."""

    code: str  # one of CODES (errors.PROBLEM_CODES)
    measure_id: str
    unit: str  # the measure's lead unit: who reports
    entry: int  # index of the entry in the measure's progress_log
    date: dt.date
    message: str
    hint: str
    field: str = "note"  # the entry's field the warning is about (for file:line:column)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _bare(folded: str) -> str:
    """A width-folded text as notes are compared (what `normalised` gives its original)."""
    return _NOISE.sub("", folded.lower())


def normalised(text: str) -> str:
    """A note as notes are compared: width-folded, lower case, no spaces or punctuation."""
    return _bare(_folded(text))


# The rules' stock phrases and the deliverables recur on every note: each is folded once.
_phrase = functools.lru_cache(maxsize=256)(normalised)


@functools.lru_cache(maxsize=4096)
def _terms(deliverable: str | None) -> tuple[str, ...]:
    if not deliverable:
        return ()
    return tuple(t for t in _TERM_SPLIT.split(_folded(deliverable)) if len(t) >= 2)


def _substantial(folded: str, deliverable: str | None) -> bool:
    if _NUMBER.search(folded) or _REFERENCE.search(folded):
        return True
    return any(term in folded for term in _terms(deliverable))


def has_substance(note: str, deliverable: str | None = None) -> bool:
    """The note names a number, a date, a document reference or a word of the deliverable."""
    return _substantial(_folded(note), deliverable)


def _boilerplate(folded: str, bare: str, deliverable: str | None, rules: NoteQuality) -> bool:
    """is_boilerplate of a note given width-folded and as compared."""
    if _substantial(folded, deliverable):
        return False
    if len(bare) < rules.min_chars:
        return True
    rest = bare
    for phrase in rules.boilerplate:
        rest = rest.replace(_phrase(phrase), "")
    return len(rest) < len(bare) and len(rest) < rules.min_chars


def is_boilerplate(note: str, deliverable: str | None, rules: NoteQuality) -> bool:
    """Short, or stock phrases padded out, and nothing an office can check."""
    folded = _folded(note)
    return _boilerplate(folded, _bare(folded), deliverable, rules)


def similar(a: str, b: str, threshold: float) -> bool:
    """Two normalised notes are copies: SequenceMatcher's ratio, after its cheap upper bounds."""
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def _where(measure: Measure, index: int, entry: ProgressEntry) -> str:
    return f"措施 {measure.id} {entry.date.isoformat()} 的进展"


def _previous_progress(measure: Measure, index: int) -> int:
    found = lazylog.last_set_before(measure.progress_log, index, "progress")
    return 0 if found is None else found


def entry_warnings(
    measure: Measure,
    index: int,
    quality: NoteQuality,
    *,
    unit: str,
    evidence_added: bool | None = None,
) -> list[NoteWarning]:
    """Boilerplate, a copy of the measure's previous entry, a jump without evidence, for one entry.

    `evidence_added`: whether evidence was added with this entry, when known (a review knows it);
    None (the files alone cannot date an evidence item): a measure with any evidence is given the
    benefit of the doubt, and a note citing a reference or a link counts as evidence.
    """
    return _judged(measure, index, quality, unit, evidence_added)[0]


def _judged(
    measure: Measure, index: int, quality: NoteQuality, unit: str, evidence_added: bool | None
) -> tuple[list[NoteWarning], str]:
    """entry_warnings, and the entry's note as compared (folded once for every check)."""
    entry = measure.progress_log[index]
    where = _where(measure, index, entry)
    out = []
    folded = _folded(entry.note)
    bare = _bare(folded)

    def warn(code: str, message: str, hint: str, field: str = "note") -> None:
        out.append(NoteWarning(code, measure.id, unit, index, entry.date, message, hint, field))

    if _boilerplate(folded, bare, measure.deliverable, quality):
        warn(
            "note_boilerplate",
            f"{where}是套话或过短（“{_quoted(entry.note)}”），看不出做了什么",
            "写明完成了什么：数字、日期、文号或成果",
        )
    if index > 0:
        before = measure.progress_log[index - 1]
        if similar(bare, normalised(before.note), quality.similarity):
            warn(
                "note_copied",
                f"{where}与上一次（{before.date.isoformat()}）的进展几乎相同",
                "写明这一期新做了什么；没有新进展时如实写明原因和下步计划",
            )
    if entry.progress is not None:
        rise = entry.progress - _previous_progress(measure, index)
        cited = bool(_REFERENCE.search(folded))
        backed = bool(measure.evidence) if evidence_added is None else evidence_added
        if rise >= quality.jump_points and not (backed or cited):
            warn(
                "note_jump",
                f"{where}把进度一次提高了 {rise} 个百分点，但没有新的佐证材料",
                "用 --evidence 补充文件号或链接，或在进展中写明文号",
                "progress",
            )
    return out, bare


def _quoted(note: str, limit: int = 20) -> str:
    text = " ".join(note.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def silent_on_problems(
    measure: Measure, today: dt.date, rules: Rules, period: Period, *, unit: str
) -> NoteWarning | None:
    """A red or overdue measure whose newest entry states no problem and no next step."""
    if not measure.progress_log or not is_open(measure):
        return None
    if not (is_overdue(measure, today) or light(measure, today, rules, period) == "red"):
        return None
    index = lazylog.newest_index(measure.progress_log)
    entry = measure.progress_log[index]
    if entry.problems or entry.next_steps:
        return None
    note = NewestNote(measure.id, index, entry.date, "", False, ())
    return silent_warning(note, measure, today, unit)


def silent_warning(
    note: NewestNote, measure: Measure | MeasureFacts, today: dt.date, unit: str
) -> NoteWarning:
    state = "已逾期" if is_overdue(measure, today) else "亮红灯"
    return NoteWarning(
        "note_no_problems",
        note.measure_id,
        unit,
        note.index,
        note.date,
        f"措施 {note.measure_id} {state}，最近一次进展（{note.date.isoformat()}）没有写存在问题和下步计划",
        "补报时写明存在问题和下步计划：update 的 --problems、--next-steps，或表单、表格中的同名栏",
    )


def cycle_end(day: dt.date, due: int) -> dt.date:
    """The due day closing the reporting cycle `day` falls in (a report on the due day answers it)."""
    end = dt.date(day.year, day.month, due)
    if day <= end:
        return end
    return (
        dt.date(day.year + 1, 1, due) if day.month == 12 else dt.date(day.year, day.month + 1, due)
    )


@dataclass(frozen=True)
class NewestNote:
    """An open measure's newest entry as its warnings need it, today aside: kept for every measure."""

    measure_id: str
    index: int  # of the entry in the measure's progress_log
    date: dt.date
    text: str  # the note, normalised
    answered: bool  # it states a problem or a next step
    warnings: tuple[NoteWarning, ...]  # entry_warnings, their unit left blank


def newest_note(measure: Measure, quality: NoteQuality) -> NewestNote | None:
    """The newest entry of an open measure with a log (None otherwise), with its own warnings."""
    if not measure.progress_log or not is_open(measure):
        return None
    index = lazylog.newest_index(measure.progress_log)
    entry = measure.progress_log[index]
    warnings, text = _judged(measure, index, quality, "", None)
    return NewestNote(
        measure.id,
        index,
        entry.date,
        text,
        bool(entry.problems or entry.next_steps),
        tuple(warnings),
    )
