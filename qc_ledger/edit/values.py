"""Values given on the command line, each checked on its own: statuses, percentages, dates, text.

Never prints or exits: a bad value is a UsageError naming the option and how to write it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..domain.models import status_value
from ..domain.supervision_models import CADENCES
from ..errors import UsageError
from ..vocabulary import CADENCE_LABELS, STATUS_CHOICES

# The option that sets each field, so a rule broken by a value names what the user typed.
OPTION_FOR_FIELD = {
    "status": "--status",
    "progress": "--progress",
    "note": "--note",
    "problems": "--problems",
    "next_steps": "--next-steps",
    "author": "--author",
    "responsible_person": "--person",
    "responsible_leader": "--leader",
    "deadline": "--deadline",
    "reason": "--reason",
    "deliverable": "--deliverable",
    "evidence": "--evidence",
    "text": "--text",
    "title": "--title",
    "lead_unit": "--lead-unit",
    "cooperating_units": "--cooperating-unit",
    "cadence": "--cadence",
    "milestones": "--milestone",
}


def parse_status(text: str) -> str:
    """A status given as its stored value or its Chinese label."""
    value = status_value(text)
    if value is None:
        raise UsageError.single(
            f"--status 的值“{text}”不是有效的状态", hint=f"可选：{STATUS_CHOICES}"
        )
    return value


def parse_progress(text: str) -> int:
    """A progress percentage 0–100 (a trailing % and full-width digits are fine)."""
    raw = unicodedata.normalize("NFKC", text).strip().removesuffix("%").strip()
    if not re.fullmatch(r"\d{1,3}", raw) or int(raw) > 100:
        raise UsageError.single(
            f"--progress 的值“{text}”无效", hint="进度写作 0–100 的整数，例如 --progress 40"
        )
    return int(raw)


def parse_date(text: str, option: str) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    raw = unicodedata.normalize("NFKC", text).strip()
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError.single(
            f"{option} 的值“{text}”不是有效日期", hint="日期写作 YYYY-MM-DD，例如 2025-06-30"
        ) from None


def parse_period(
    since: str | None, until: str | None, today: dt.date, *, days: int
) -> tuple[dt.date, dt.date]:
    """--since and --until as dates: until defaults to today, since to `days` before it."""
    last = parse_date(until, "--until") if until is not None else today
    first = parse_date(since, "--since") if since is not None else last - dt.timedelta(days=days)
    if last < first:
        raise UsageError.single(
            f"--until {last} 早于 --since {first}", hint="截止日期应不早于起始日期"
        )
    return first, last


def clean_text(text: str, option: str, *, multiline: bool = False, limit: int = 5000) -> str:
    """Text given for a field: trimmed, not empty, no control characters, within the limit."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise UsageError.single(f"{option} 的内容不能为空", hint=f"在 {option} 后写上内容")
    if "\n" in value and not multiline:
        raise UsageError.single(f"{option} 的内容只能有一行", hint="去掉其中的换行")
    bad = next((c for c in value if unicodedata.category(c) == "Cc" and c != "\n"), None)
    if bad is not None:
        raise UsageError.single(
            f"{option} 的内容中有不可见的控制字符（U+{ord(bad):04X}）", hint="删除该字符后重试"
        )
    if len(value) > limit:
        raise UsageError.single(
            f"{option} 的内容过长（{len(value)} 个字符）", hint=f"不超过 {limit} 个字符"
        )
    return value


# `--cadence default`: the measure reports on the rules' default cadence again.
DEFAULT_CADENCE = "default"
_CADENCE_WORDS = {
    **{value: value for value in CADENCES},
    **{label: value for value, label in CADENCE_LABELS.items()},
    "双月": "bimonthly",
    DEFAULT_CADENCE: DEFAULT_CADENCE,
    "默认": DEFAULT_CADENCE,
}


def parse_cadence(text: str) -> str:
    """A cadence as its stored value or Chinese label (周报, 月报…), or `default` (默认)."""
    key = unicodedata.normalize("NFKC", text).strip()
    found = _CADENCE_WORDS.get(key.lower()) or _CADENCE_WORDS.get(key)
    if found is None:
        choices = "、".join(f"{value}（{label}）" for value, label in CADENCE_LABELS.items())
        raise UsageError.single(
            f"--cadence 的值“{text}”不是报送周期",
            hint=f"可选：{choices}；default（默认）按 data/rules.yaml 的默认周期",
        )
    return found


def parse_milestone(text: str) -> dict:
    """A milestone written DATE:PROGRESS[:DELIVERABLE] or DATE::DELIVERABLE (full-width colons too)."""
    parts = re.split(
        r"[:：]", text.strip(), maxsplit=2
    )  # the deliverable keeps its own punctuation
    example = "例如 --milestone 2026-03-31:30 或 --milestone 2026-06-30:60:方案印发（只有成果：2026-06-30::方案印发）"
    if len(parts) < 2:
        raise UsageError.single(
            f"--milestone 的值“{text}”缺少进度或成果", hint=f"写作 日期:进度[:成果]，{example}"
        )
    day = parse_date(parts[0], "--milestone")
    progress = None
    if parts[1].strip():
        number = unicodedata.normalize("NFKC", parts[1]).strip().removesuffix("%").strip()
        if not re.fullmatch(r"\d{1,3}", number) or int(number) > 100:
            raise UsageError.single(
                f"--milestone 的进度“{parts[1].strip()}”无效",
                hint=f"进度写作 0–100 的整数，{example}",
            )
        progress = int(number)
    deliverable = None
    if len(parts) == 3 and parts[2].strip():
        deliverable = clean_text(parts[2], "--milestone 的成果", limit=200)
    if progress is None and deliverable is None:
        raise UsageError.single(
            f"--milestone 的值“{text}”既没有进度也没有成果", hint=f"至少写一项，{example}"
        )
    return {"date": day, "progress": progress, "deliverable": deliverable}
