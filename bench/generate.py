"""Generate a valid synthetic ledger of N tasks (labelled synthetic), with git history and the same
measures as a Taskwarrior data folder, for the benchmarks in bench/run.py.

Usage: python bench/generate.py --tasks 1000 --out DIR [--shape flat|many-groups|skewed|long-logs]
       [--history 50] [--taskwarrior DIR] [--seed 1]

The ledger is a province of synthetic districts: one folder of task files per work group
(data/tasks/<group>/), 1–6 measures a task, progress logs that obey every rule `ledger update`
enforces, and units of each district in data/units.yaml. Every file says it is synthetic.

Shapes (issue 26): `flat` is 100-task groups, five to a district; `many-groups` is what provinces
have, thousands of districts' small groups of 2–4 tasks; `skewed` adds one unit leading a quarter
of all measures (a long tail of hundreds of units leads the rest) and 50–100 progress entries on
about one begun measure in sixteen (~230k entries at 10k tasks); `long-logs` is flat with 50–100 entries on every measure that has begun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABEL = "# 合成数据（基准测试用，虚构，非真实进展）"
TODAY = dt.date(2025, 6, 30)
PERIOD_START = dt.date(2022, 1, 1)
PERIOD_END = dt.date(2025, 12, 31)
TASKS_PER_GROUP = 100
GROUPS_PER_DISTRICT = 5


@dataclass(frozen=True)
class Shape:
    """How the synthetic province is laid out: group sizes, unit skew and log lengths."""

    tasks_per_group: tuple[int, int] = (TASKS_PER_GROUP, TASKS_PER_GROUP)
    groups_per_district: int = GROUPS_PER_DISTRICT
    big_unit_share: float = 0.0  # the share of measures led by one unit
    long_log_share: float = 0.0  # the share of begun measures with a long log
    long_log: tuple[int, int] = (50, 100)


SHAPES = {
    "flat": Shape(),
    "many-groups": Shape(tasks_per_group=(2, 4), groups_per_district=10),
    "skewed": Shape(
        tasks_per_group=(2, 4), groups_per_district=40, big_unit_share=0.25, long_log_share=0.06
    ),
    "long-logs": Shape(long_log_share=1.0),
}

# Each character once: two districts never share a name.
SYLLABLES = "".join(
    dict.fromkeys("清远阳山英德连州佛冈南雄曲江乐昌仁化始兴翁源新丰和平龙川紫金东惠博罗门")
)
DEPARTMENTS = (
    ("发展改革局", "区直部门"),
    ("财政局", "区直部门"),
    ("农业农村局", "区直部门"),
    ("自然资源局", "区直部门"),
    ("住房城乡建设局", "区直部门"),
    ("交通运输局", "区直部门"),
    ("教育局", "区直部门"),
    ("卫生健康局", "区直部门"),
    ("人力资源和社会保障局", "区直部门"),
    ("公安分局", "市直分局"),
    ("统计局", "区直部门"),
    ("水利局", "区直部门"),
)
VERBS = ("推进", "完善", "建立", "探索", "深化", "落实", "健全", "开展", "推动", "优化")
SUBJECTS = (
    "农村集体经营性建设用地入市",
    "城乡基本公共服务均等化",
    "户籍制度改革",
    "城中村改造合作平台",
    "农民持续增收机制",
    "城乡基础设施一体化管护",
    "宅基地制度改革试点",
    "农村产权流转交易",
    "乡村教师队伍建设",
    "县域医共体建设",
    "城乡供水一体化",
    "农村人居环境整治",
)
GOALS = (
    "形成可复制可推广的经验",
    "年底前完成阶段性目标",
    "建立常态化工作机制",
    "明确责任分工和时间节点",
    "实现重点区域全覆盖",
)
NOTES = (
    "已召开专题会议研究部署，制定工作方案。",
    "完成前期调研，形成初步意见。",
    "已印发实施细则，各镇街按计划推进。",
    "组织开展督导检查，发现问题已交办整改。",
    "完成阶段性任务，正在总结经验做法。",
)
PEOPLE = "张王李赵陈刘杨黄周吴徐孙马朱胡郭何林高罗"
GIVEN = ("建国", "丽华", "志强", "秀英", "海涛", "晓明", "红梅", "伟", "静", "磊")


@dataclass
class Entry:
    """One progress entry as it will be written."""

    date: dt.date
    author: str
    note: str
    status: str
    progress: int


@dataclass
class Measure:
    """One synthetic measure."""

    id: str
    text: str
    lead_unit: str
    cooperating: list[str]
    person: str | None
    deadline: dt.date
    status: str
    progress: int
    log: list[Entry] = field(default_factory=list)


def district_name(index: int) -> str:
    """A two-character place name unique for each index, plus 区."""
    size = len(SYLLABLES)
    first, second = divmod(index, size)
    suffix = str(first // size) if first >= size else ""
    return f"{SYLLABLES[first % size]}{SYLLABLES[(first + second + 1) % size]}{suffix}区"


def district_units(district: int) -> list[tuple[str, str]]:
    """The (name, kind) of each unit of a synthetic district."""
    place = district_name(district)
    return [(f"{place}{name}", kind) for name, kind in DEPARTMENTS]


def person(rng: random.Random) -> str:
    """A plausible Chinese name."""
    return rng.choice(PEOPLE) + rng.choice(GIVEN)


def make_measure(
    rng: random.Random, mid: str, units: list[str], shape: Shape = SHAPES["flat"]
) -> Measure:
    """A measure whose state and log agree the way `ledger update` leaves them."""
    first_deadline = dt.date(2023, 6, 30)
    deadline = first_deadline + dt.timedelta(days=rng.randrange((PERIOD_END - first_deadline).days))
    # Most measures past their deadline were finished, as in a ledger that is being worked.
    weights = (2, 10, 8, 78, 2) if deadline < TODAY else (20, 55, 8, 15, 2)
    status = rng.choices(("not_started", "in_progress", "delayed", "done", "cancelled"), weights)[0]
    # With a big unit (first in `units`) it leads its share; the district's own units the rest.
    if shape.big_unit_share:
        lead = units[0] if rng.random() < shape.big_unit_share else rng.choice(units[1:])
    else:
        lead = rng.choice(units)
    others = [u for u in units if u != lead]
    measure = Measure(
        id=mid,
        text=f"{rng.choice(VERBS)}{rng.choice(SUBJECTS)}，{rng.choice(GOALS)}。",
        lead_unit=lead,
        cooperating=rng.sample(others, rng.randrange(0, 3)),
        person=person(rng) if rng.random() < 0.6 else None,
        deadline=deadline,
        status="not_started",
        progress=0,
    )
    if status == "not_started":
        return measure
    long = rng.random() < shape.long_log_share
    entries = rng.randint(*shape.long_log) if long else rng.randrange(1, 5)
    # A long log reports every week or two from early on, in small steps.
    step, gap = ((1, 3), (5, 15)) if long else ((5, 35), (20, 120))
    day = PERIOD_START + dt.timedelta(days=rng.randrange(30, 120 if long else 600))
    progress = 0
    for index in range(entries):
        last = index == entries - 1
        progress = min(99, progress + rng.randrange(*step))
        state = "in_progress"
        if last and status in ("delayed", "done", "cancelled"):
            state = status
        if state == "done":
            progress = 100
        measure.log.append(Entry(day, person(rng), rng.choice(NOTES), state, progress))
        day = min(TODAY - dt.timedelta(days=200), day + dt.timedelta(days=rng.randrange(*gap)))
    measure.status, measure.progress = measure.log[-1].status, measure.log[-1].progress
    return measure


def quoted(value: str | None) -> str:
    """A YAML scalar for text the generator wrote (no characters that need quoting)."""
    return "null" if value is None else value


def task_text(task_id: str, group: str, title: str, measures: list[Measure]) -> str:
    """The task file, in the layout `ledger fmt` writes."""
    lines = [
        "# yaml-language-server: $schema=../../../schemas/task.schema.json",
        LABEL,
        f"id: {task_id}",
        f"group: {group}",
        f"title: {title}",
        "measures:",
    ]
    for m in measures:
        lines += [
            f"  - id: {m.id}",
            f"    text: {m.text}",
            f"    lead_unit: {m.lead_unit}",
            "    cooperating_units: []" if not m.cooperating else "    cooperating_units:",
            *(f"      - {unit}" for unit in m.cooperating),
            f"    responsible_person: {quoted(m.person)}",
            f"    deadline: {m.deadline.isoformat()}",
            "    deliverable: null",
            f"    status: {m.status}",
            f"    progress: {m.progress}",
            "    progress_log: []" if not m.log else "    progress_log:",
        ]
        for e in m.log:
            lines += [
                f"      - date: {e.date.isoformat()}",
                f"        author: {e.author}",
                f"        note: {e.note}",
                f"        status: {e.status}",
                f"        progress: {e.progress}",
            ]
        lines.append("    evidence: []")
    return "\n".join(lines) + "\n"


def units_text(districts: int) -> str:
    """data/units.yaml: the plan's units (plan.yaml names some) and every synthetic district's."""
    own = (REPO / "data" / "units.yaml").read_text(encoding="utf-8").rstrip("\n")
    lines = [own, f"  {LABEL}"]
    for district in range(districts):
        for name, kind in district_units(district):
            lines += [
                f"  - name: {name}",
                f"    kind: {kind}",
                "    aliases: []",
                "    contact: null",
            ]
    return "\n".join(lines) + "\n"


def group_text(gid: str, number: int, units: list[str], rng: random.Random) -> str:
    """One work group file."""
    members = "\n".join(f"  - {unit}" for unit in units)
    return (
        "# yaml-language-server: $schema=../../schemas/group.schema.json\n"
        f"{LABEL}\nid: {gid}\nname: 合成工作组{number}\nshort_name: 合成{number}\n"
        f"leader:\n  name: {person(rng)}\n  title: 副区长\nlead_unit: {units[0]}\n"
        f"member_units:\n{members}\n"
    )


def group_sizes(tasks: int, shape: Shape, rng: random.Random) -> list[int]:
    """How many tasks each group holds, in order, adding up to `tasks`."""
    low, high = shape.tasks_per_group
    sizes: list[int] = []
    while sum(sizes) < tasks:
        size = high if low == high else rng.randint(low, high)
        sizes.append(min(size, tasks - sum(sizes)))
    return sizes or [0]


def build(
    root: Path, tasks: int, seed: int = 1, shape: Shape = SHAPES["flat"]
) -> dict[str, list[Measure]]:
    """Write the ledger under root; return each task file's measures by its relative path."""
    rng = random.Random(seed)
    data = root / "data"
    (data / "groups").mkdir(parents=True)
    for name in ("plan.yaml", "rules.yaml"):
        shutil.copy(REPO / "data" / name, data / name)
    # Synthetic progress has no office to sign closing off: done is done, as with approval off.
    rules = data / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "  approval: true\n" in text
    rules.write_text(text.replace("  approval: true\n", "  approval: false\n"), encoding="utf-8")
    sizes = group_sizes(tasks, shape, rng)
    districts = -(-len(sizes) // shape.groups_per_district)
    (data / "units.yaml").write_text(units_text(districts), encoding="utf-8")
    # The big unit of a skewed province: the first district's first department leads everywhere.
    big = district_units(0)[0][0]
    written: dict[str, list[Measure]] = {}
    for g, size in enumerate(sizes, start=1):
        gid = f"p{g}"
        units = [name for name, _ in district_units((g - 1) // shape.groups_per_district)]
        (data / "groups" / f"{gid}.yaml").write_text(group_text(gid, g, units, rng), "utf-8")
        folder = data / "tasks" / gid
        folder.mkdir(parents=True)
        leads = [big, *units] if shape.big_unit_share else units
        for t in range(1, size + 1):
            tid = f"{gid}-t{t}"
            measures = [
                make_measure(rng, f"{tid}-m{m}", leads, shape)
                for m in range(1, rng.randrange(1, 7) + 1)
            ]
            title = f"{rng.choice(VERBS)}{rng.choice(SUBJECTS)}"
            (folder / f"{tid}.yaml").write_text(task_text(tid, gid, title, measures), "utf-8")
            written[f"data/tasks/{gid}/{tid}.yaml"] = measures
    return written


def git(root: Path, *args: str, when: dt.date | None = None) -> None:
    """Run git in root as the synthetic author, dated `when`."""
    stamp = f"{(when or TODAY).isoformat()}T10:00:00+08:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "合成数据",
        "GIT_AUTHOR_EMAIL": "synthetic@example.invalid",
        "GIT_COMMITTER_NAME": "合成数据",
        "GIT_COMMITTER_EMAIL": "synthetic@example.invalid",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def history(root: Path, written: dict[str, list[Measure]], commits: int, seed: int) -> None:
    """A git repository: the ledger as of 2024-12-31, then `commits` dated progress reports."""
    rng = random.Random(seed + 1)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "合成台账（基准测试用）", when=dt.date(2024, 12, 31))
    paths = sorted(written)
    for index in range(commits):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=index * 180 // max(commits, 1))
        path = rng.choice(paths)
        open_ones = [m for m in written[path] if m.status in ("not_started", "in_progress")]
        if not open_ones:
            continue
        measure = rng.choice(open_ones)
        measure.progress = min(99, measure.progress + rng.randrange(5, 20))
        measure.status = "in_progress"
        measure.log.append(
            Entry(day, person(rng), rng.choice(NOTES), "in_progress", measure.progress)
        )
        task_id = Path(path).stem
        group = task_id.split("-")[0]
        title = (root / path).read_text("utf-8").split("\ntitle: ", 1)[1].split("\n", 1)[0]
        (root / path).write_text(task_text(task_id, group, title, written[path]), "utf-8")
        git(root, "commit", "-q", "-am", f"{measure.id} 报送进展 {measure.progress}%", when=day)


def taskwarrior_uuid(measure_id: str) -> str:
    """The Taskwarrior uuid of a measure (the same on every run)."""
    return str(uuid.UUID(int=random.Random(measure_id).getrandbits(128)))


def taskwarrior(folder: Path, written: dict[str, list[Measure]]) -> Path:
    """The same measures as Taskwarrior tasks (project = group, UDA unit = lead unit); its taskrc."""
    folder.mkdir(parents=True, exist_ok=True)
    entry = int(dt.datetime(2024, 12, 31, tzinfo=dt.UTC).timestamp())
    pending, completed = [], []
    for path, measures in written.items():
        group = Path(path).stem.split("-")[0]
        for m in measures:
            due = int(dt.datetime.combine(m.deadline, dt.time(), dt.UTC).timestamp())
            fields = {
                "description": m.text,
                "due": str(due),
                "entry": str(entry),
                "modified": str(entry),
                "progress": str(m.progress),
                "project": group,
                "status": "completed" if m.status in ("done", "cancelled") else "pending",
                "unit": m.lead_unit,
                "uuid": taskwarrior_uuid(m.id),
            }
            if fields["status"] == "completed":
                fields["end"] = str(entry)
            for e in m.log:
                stamp = int(dt.datetime.combine(e.date, dt.time(), dt.UTC).timestamp())
                fields[f"annotation_{stamp}"] = e.note
            line = "[" + " ".join(f'{k}:"{v}"' for k, v in sorted(fields.items())) + "]\n"
            (completed if fields["status"] == "completed" else pending).append(line)
    (folder / "pending.data").write_text("".join(pending), "utf-8")
    (folder / "completed.data").write_text("".join(completed), "utf-8")
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={folder}\nuda.unit.type=string\nuda.unit.label=单位\n"
        "uda.progress.type=numeric\nuda.progress.label=进度\nconfirmation=off\n"
        "verbose=nothing\ncolor=off\nhooks=off\nnews.version=2.6.0\n",
        "utf-8",
    )
    return rc


def main() -> None:
    """Write the ledger, its history and the Taskwarrior twin; print what was written."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--history", type=int, default=0, help="progress commits after the first")
    parser.add_argument(
        "--taskwarrior", type=Path, help="also write a Taskwarrior data folder here"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="flat")
    args = parser.parse_args()
    written = build(args.out, args.tasks, args.seed, SHAPES[args.shape])
    if args.history:
        history(args.out, written, args.history, args.seed)
    if args.taskwarrior:
        taskwarrior(args.taskwarrior, written)
    measures = sum(len(m) for m in written.values())
    print(f"{len(written)} tasks, {measures} measures in {args.out}")


if __name__ == "__main__":
    main()
