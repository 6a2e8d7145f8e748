"""The demo's invented people and words: contacts and accounts of every unit, the office's account,
responsible persons, leaders and deliverables, and progress notes that vary with the measure.

Every name is invented (the demo's README says so). Edits the copied files in place, before the
demo's first commit; never prints or exits.
"""

from __future__ import annotations

import random
from pathlib import Path

from ..store.reader import read_data_file
from ..store.yaml import dump_roundtrip, new_map, parse_roundtrip, set_value

OFFICE_EMAIL = "demo@example.org"
SURNAMES = "陈李黄张刘何梁罗谢吴林郑邓冯曾彭苏潘钟卢"
GIVEN = (
    "建华", "志强", "丽娟", "海燕", "国平", "晓东", "伟明", "秀英", "振宇", "文静", "嘉豪", "慧敏",
    "永康", "淑仪", "俊杰", "雪梅", "卫东", "美玲", "锦泉", "少华", "杰辉", "玉珍", "家乐", "咏琪",
)  # fmt: skip
# A leader's post by the last character of the unit's name (局, 部, 办 …), else a general one.
LEADER_POSTS = {"局": "副局长", "部": "副部长", "办": "副主任", "委": "副主任", "院": "副院长"}
KINDS = ("工作方案", "实施细则", "管理办法", "试点总结报告", "政策文件", "工作台账和总结")
PLACES = ("石角镇", "飞来峡镇", "源潭镇", "龙塘镇", "东城街道", "横荷街道", "凤城街道", "洲心街道")
# Notes for the three stages of a measure; {topic} is its task, {place} a town, {n} a number.
NOTES = (
    (
        "完成摸底调查，起草{topic}工作方案",
        "召开专题会研究{topic}，明确分工和时间表",
        "赴{place}调研，梳理问题清单 {n} 条",
        "征求 {n} 个部门和镇街意见，修改完善工作方案",
        "成立工作专班，抽调 {n} 名骨干集中办公",
    ),
    (
        "工作方案经区政府常务会审议通过，组织实施",
        "在{place}先行试点，已完成 {n} 个点",
        "印发配套文件，召开部署会，培训业务骨干 {n} 人次",
        "解决{place}反映的堵点 {n} 个，推进面上铺开",
        "与{place}签订共建协议，落实资金和用地保障",
    ),
    (
        "完成阶段性任务，开展自查整改",
        "召开推进会，通报进度，{n} 项问题已整改",
        "迎接区统筹办督导，整改意见已落实 {n} 项",
        "总结{place}试点经验，准备全区推广",
        "完成年度目标，整理佐证材料报区统筹办",
    ),
)


def person(rng: random.Random) -> str:
    """An invented Chinese name."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def unit_account(index: int) -> str:
    """The commit e-mail of the contact of the index-th unit of the registry."""
    return f"unit{index + 1:02d}@demo.example.org"


def register_people(root: Path, rng: random.Random) -> dict[str, tuple[str, str]]:
    """Give every unit a contact and an account, and the office its account; each unit's
    (contact, e-mail) by name."""
    path = root / "data" / "units.yaml"
    document = parse_roundtrip(read_data_file(path, root), path)
    contacts = {}
    for index, unit in enumerate(document["units"]):
        name, email = person(rng), unit_account(index)
        phone = f"0763-3{rng.randint(100000, 999999)}"
        set_value(unit, "contact", new_map({"name": name, "phone": phone}))
        set_value(unit, "accounts", [email])
        contacts[str(unit["name"])] = (name, email)
    path.write_text(dump_roundtrip(document), encoding="utf-8")
    policy_path = root / "data" / "policy.yaml"
    if policy_path.exists():  # a ledger without a policy lets anyone change anything: none to fill
        policy = parse_roundtrip(read_data_file(policy_path, root), policy_path)
        set_value(policy, "office_accounts", [OFFICE_EMAIL])
        policy_path.write_text(dump_roundtrip(policy), encoding="utf-8")
    return contacts


def progress_note(rng: random.Random, stage: int, topic: str) -> str:
    """A progress note for a stage (0, 1, 2) of a measure of task `topic`."""
    text = rng.choice(NOTES[min(stage, 2)])
    return text.format(topic=topic, place=rng.choice(PLACES), n=rng.randint(2, 12))


def owners(rng: random.Random, unit_short: str, topic: str) -> tuple[str, str, str]:
    """A responsible leader (with post), person and deliverable for a measure."""
    post = LEADER_POSTS.get(unit_short[-1:], "分管负责同志")
    leader = f"{person(rng)}（{unit_short}{post}）"
    return leader, person(rng), topic + rng.choice(KINDS)
