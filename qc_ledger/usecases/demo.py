"""`ledger demo DIR`: a separate git repository holding the plan with invented progress to learn on.

The plan's own data/ stays as written; the demo copies it and reports on it through the one update
path, month by month over 2022–2025, so that every view shows a living ledger. Every note says it is
a demonstration. Deterministic: the same seed gives the same history. Never prints or exits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..edit.update_rules import UpdateRequest
from ..errors import UsageError
from .demo_office import office_events
from .demo_people import OFFICE_EMAIL, owners, progress_note, register_people

AS_OF = dt.date(2025, 6, 30)
OFFICE = f"统筹办（演示） <{OFFICE_EMAIL}>"
MARK = "（演示）"
# What a unit behind its schedule states in its latest report, by its fate in the demo.
TROUBLES = {
    "delayed": ("用地指标未落实，2 个镇街方案未报", "6 月底前提请区政府专题会协调用地，逐镇督办"),
    "overdue": ("配套资金 300 万元未到位", "下月 15 日前报区财政局追加预算，分两批拨付"),
}
STAGES = 3  # reports of a measure: preparing, carrying out, checking
# Fates of the measures of two groups, in order (the other measures draw theirs at random).
SHOWCASE = {
    "g3": ["done", "on_track", "done", "on_track", "on_track"],
    "g7": ["done", "delayed", "on_track", "late", "done", "on_track", "delayed", "on_track"],
}
# How far a fate's reports sit from the expected progress (序时进度) on their day, in points.
PACE_OFFSETS = {"on_track": (-5, 12), "delayed": (-18, -12), "overdue": (-25, -15)}
NOTICE = """# 演示台账

这个仓库由 `ledger demo` 生成，用来熟悉 qc-ledger：**其中的进展、报送人、责任人、联系人、账号和提交
历史都是虚构的**，每条进展记录都标有“{mark}”。实施方案的原文和结构与正式台账相同。

演示数据截至 {as_of}，查看时请把“今天”定为这一天：

```bash
LEDGER_TODAY={as_of} ledger status
LEDGER_TODAY={as_of} ledger list --overdue
LEDGER_TODAY={as_of} ledger changes --since 2025-06-01
ledger log g1-t1-m1
```
"""


@dataclass(frozen=True)
class Decision:
    """The office's decision on a request to close (审核办结 or 退回) in the demo history."""

    approve: bool
    note: str | None = None


@dataclass(frozen=True)
class DemoOutcome:
    """The demo repository: where, as of which day, how many commits."""

    path: Path
    as_of: dt.date
    commits: int


def _refuse_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError.single(
            f"{target} 已存在且不是空目录，演示台账不会覆盖它",
            hint="换一个新的目录名，例如 ledger demo 演示台账",
        )
    # A demo inside a checkout would be a repository nested in it, committed by a careless `git add`.
    outer = next((p for p in target.resolve().parents if (p / ".git").exists()), None)
    if outer is not None:
        raise UsageError.single(
            f"{target} 在 git 仓库 {outer} 之内，演示台账是独立的仓库，不能建在另一个仓库里",
            hint=f"建在仓库之外，例如 ledger demo {outer.parent / '演示台账'}",
        )


def _schedule(
    ledger, rng: random.Random, as_of: dt.date
) -> list[tuple[dt.date, str, UpdateRequest]]:
    """Every report of the demo history, in date order."""
    pool = ["done"] * 18 + ["on_track"] * 16 + ["late"] * 8 + ["delayed"] * 6
    pool += ["silent"] * 5 + ["overdue"] * 4 + ["cancelled"] * 2
    assigned: dict[str, str] = {}
    # Two groups get a chosen mix so that status shows every light: one all green, one yellow.
    for group_id, mix in SHOWCASE.items():
        for measure_id, fate in zip(_measures_of(ledger, group_id), mix, strict=False):
            assigned[measure_id] = fate
            pool.remove(fate)
    rest = [measure_id for measure_id in ledger.measures if measure_id not in assigned]
    rng.shuffle(rest)
    pool += ["on_track"] * max(0, len(rest) - len(pool))
    assigned.update(zip(rest, pool, strict=False))
    events: list[tuple[dt.date, str, UpdateRequest]] = []
    for measure_id, fate in assigned.items():
        if fate == "silent":
            continue
        day = dt.date(2022, rng.randint(2, 12), rng.randint(1, 28))
        end = as_of - dt.timedelta(
            days=rng.randint(45, 120) if fate == "late" else rng.randint(0, 20)
        )
        stages = 1 if fate == "cancelled" else STAGES
        task, measure = ledger.measures[measure_id]
        reports: list[dt.date] = []
        while day <= end and len(reports) < stages:
            reports.append(day)
            day += dt.timedelta(days=rng.randint(200, 360))
        if fate in ("on_track", "delayed", "overdue", "late") and reports and reports[-1] < end:
            reports[-1] = end  # the latest report is recent, or 45–120 days old for the late ones
        progress = before = 0
        # Most lead units name who answers for the measure and what it delivers, with the first report.
        leader, person, deliverable = owners(
            rng, ledger.registry.short(measure.lead_unit), task.title
        )
        named = rng.random() < 0.8
        for index, when in enumerate(reports):
            text = progress_note(rng, index, task.title)
            low, high = PACE_OFFSETS.get(fate, (-8, 4))
            share = _elapsed_share(ledger, measure_id, when) + rng.randint(low, high)
            progress = max(progress, min(95, max(5, 5 * round(share / 5))))
            status = "delayed" if fate == "delayed" and index == len(reports) - 1 else "in_progress"
            # A large step comes with its document, as the office asks (no rng: the rest stays put).
            evidence = (
                (f"清城演示〔{when.year}〕{len(events) % 60 + 1}号",)
                if progress - before >= 30
                else ()
            )
            request = UpdateRequest(
                status=status,
                progress=progress,
                note=MARK + text,
                evidence=evidence,
                **_trouble(fate, index == len(reports) - 1),
            )
            if named and index == 0:
                request = dataclasses.replace(
                    request, leader=leader, person=person, deliverable=deliverable
                )
            events.append((when, measure_id, request))
            before = progress
        last = reports[-1] if reports else dt.date(2023, 3, 1)
        if fate == "done":
            finish = min(as_of, last + dt.timedelta(days=rng.randint(30, 150)))
            note = MARK + "任务完成，成果已印发"
            evidence = (f"清城演示〔{finish.year}〕{rng.randint(1, 60)}号",)
            shine = rng.random() < 0.3  # some finished measures are worth telling others about
            if shine:
                note = MARK + "任务完成，形成可复制的做法：部门联审、镇村联动、一月一调度"
            request = UpdateRequest(status="done", note=note, evidence=evidence, highlight=shine)
            events.append((finish, measure_id, request))
        elif fate == "cancelled":
            when = last + dt.timedelta(days=60)
            note = MARK + "并入其他措施统筹推进，本项不再单列"
            events.append((when, measure_id, UpdateRequest(status="cancelled", note=note)))
        elif fate == "overdue":
            when = dt.date(2024, 9, rng.randint(1, 28))
            reason = MARK + "按区政府督办要求提前完成"
            events.append(
                (when, measure_id, UpdateRequest(deadline=dt.date(2025, 3, 31), reason=reason))
            )
    if ledger.rules.closing.approval:
        events += _decisions(events, random.Random(rng.random()), as_of)
    return sorted(events, key=lambda event: (event[0], event[1]))


def _trouble(fate: str, last: bool) -> dict:
    """存在问题 and 下步计划 on the latest report of a measure that is behind (the notice lists them)."""
    if not last or fate not in TROUBLES:
        return {}
    problems, next_steps = TROUBLES[fate]
    return {"problems": MARK + problems, "next_steps": MARK + next_steps}


def _decisions(events: list, rng: random.Random, as_of: dt.date) -> list:
    """The office's answers to the requests to close: most approved within days, one returned
    and asked again, the latest still waiting when they fall after the demo's day."""
    requests = sorted(
        (day, measure_id)
        for day, measure_id, request in events
        if isinstance(request, UpdateRequest) and request.status == "done"
    )
    found: list = []
    returned = next((e for e in requests if e[0] + dt.timedelta(days=20) <= as_of), None)
    for day, measure_id in requests:
        if (day, measure_id) == returned:
            reason = MARK + "未附成果文件，请补充印发的文件后重新申请"
            found.append((day + dt.timedelta(days=5), measure_id, Decision(False, reason)))
            again = day + dt.timedelta(days=12)
            note = MARK + "已补充成果文件，再次申请办结"
            evidence = (f"清城演示〔{again.year}〕{rng.randint(61, 90)}号",)
            found.append(
                (again, measure_id, UpdateRequest(status="done", note=note, evidence=evidence))
            )
            day = again
        approved = day + dt.timedelta(days=rng.randint(2, 9))
        if approved <= as_of:
            found.append((approved, measure_id, Decision(True, MARK + "经核查，同意办结")))
    return found


def _measures_of(ledger, group_id: str) -> list[str]:
    return [m.id for task in ledger.tasks_of(group_id) for m in task.measures]


def _elapsed_share(ledger, measure_id: str, day: dt.date) -> int:
    """The measure's expected progress on `day`, so that invented reports keep a believable pace."""
    from ..domain.timeliness import expected_progress

    _task, measure = ledger.measures[measure_id]
    return expected_progress(measure, ledger.plan.period, day)


def _author(ledger, measure_id: str, request: UpdateRequest, contacts: dict) -> str:
    """The lead unit's contact reports progress; only the office moves a deadline (policy.yaml)."""
    if request.deadline is not None:
        return OFFICE
    _task, measure = ledger.measures[measure_id]
    name, email = contacts[ledger.registry.canonical(measure.lead_unit)]
    return f"{name}（{ledger.registry.short(measure.lead_unit)}） <{email}>"


def build_demo(
    source: Path, target: Path, *, as_of: dt.date = AS_OF, seed: int = 2025
) -> DemoOutcome:
    """Copy the ledger at `source` into a new repository at `target` and give it a history."""
    from ..git.repo import Identity, LedgerRepo, init_repository
    from ..load.loader import load_ledger
    from .close import close
    from .office_records import add_office_records
    from .outcome import WriteOptions
    from .update import update

    _refuse_target(target)
    # The copy below must not take in what the ledger refuses (a link out of the repository, a file
    # past the size limit): the source is loaded first, through the same reader as every command.
    load_ledger(source)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "data", target / "data", symlinks=True)
    if (source / "schemas").is_dir():
        shutil.copytree(source / "schemas", target / "schemas", symlinks=True)
    (target / "README.md").write_text(NOTICE.format(mark=MARK, as_of=as_of), encoding="utf-8")
    rng = random.Random(seed)
    contacts = register_people(target, rng)
    init_repository(target)
    repo = LedgerRepo(target)
    office = Identity("统筹办（演示）", OFFICE_EMAIL)
    try:
        repo.commit_all(
            "实施方案（演示台账的起点）", office, dt.datetime(2022, 1, 5, 9, 0).astimezone()
        )
    finally:
        repo.close()
    ledger = load_ledger(target)
    commits = 1
    records = [event for event in office_events(ledger) if event[0] <= as_of]
    for day, measure_id, request in _schedule(ledger, rng, as_of):
        while records and records[0][0] <= day:
            record_day, section, items, message = records.pop(0)
            when = dt.datetime.combine(record_day, dt.time(8, commits % 60)).astimezone()
            options = WriteOptions(commit=True, author=OFFICE, when=when)
            add_office_records(ledger, section, items, message, options=options)
            commits += 1
        when = dt.datetime.combine(day, dt.time(9 + commits % 8, commits % 60)).astimezone()
        if isinstance(request, Decision):
            options = WriteOptions(commit=True, author=OFFICE, when=when)
            close(
                ledger,
                measure_id,
                approve=request.approve,
                note=request.note,
                today=day,
                options=options,
            )
            commits += 1
            continue
        author = _author(ledger, measure_id, request, contacts)
        options = WriteOptions(commit=True, author=author, when=when)
        update(ledger, measure_id, request, today=day, options=options)
        commits += 1
    return DemoOutcome(target, as_of, commits)
