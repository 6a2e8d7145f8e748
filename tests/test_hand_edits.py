"""Hand edits obey the rules `update` enforces; personal data stays out; editors know the schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from qc_ledger.domain.privacy import find_in_text

from conftest import REPO, run_cli

TARGET = "data/tasks/g1-t2.yaml"
LOG = "    progress_log:\n      - date: {date}\n        note: {note}\n        status: {status}\n"


def edit(mini, old: str, new: str) -> None:
    path = mini / TARGET
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(mini) -> list[dict]:
    result = run_cli(mini, "validate", "-f", "json")
    assert result.exit_code == 1, result.stdout
    return json.loads(result.stdout)["errors"]


CASES = {
    "not started at 50 %": (
        [("    progress: 0\n", "    progress: 50\n")],
        14,
        "状态为未启动（not_started），进度却是 50%",
    ),
    "done at 40 % without note or evidence": (
        [("status: not_started", "status: done"), ("progress: 0\n", "progress: 40\n")],
        (14, 13),
        "状态为已完成（done），进度却是 40%",
    ),
    "done without note or evidence": (
        [("status: not_started", "status: done"), ("progress: 0\n", "progress: 100\n")],
        13,
        "标记为已完成须附进展说明或佐证材料",
    ),
    "cancelled without a reason": (
        [("status: not_started", "status: cancelled")],
        13,
        "取消措施须说明理由",
    ),
    "status changed by hand, not logged": (
        [
            ("status: not_started", "status: delayed"),
            (
                "    progress_log: []\n",
                LOG.format(date="2024-07-01", note="开展", status="in_progress"),
            ),
        ],
        13,
        "状态是“滞后”，但没有哪条进展记录写明改为“滞后”（最近一条是 2024-07-01）",
    ),
    "log entry before the plan": (
        [
            ("status: not_started", "status: in_progress"),
            (
                "    progress_log: []\n",
                LOG.format(date="2019-05-01", note="开展", status="in_progress"),
            ),
        ],
        16,
        "进展记录的日期 2019-05-01 早于实施期开始（2024-01-01）",
    ),
    "log entry in the future": (
        [
            ("status: not_started", "status: in_progress"),
            (
                "    progress_log: []\n",
                LOG.format(date="2024-08-01", note="开展", status="in_progress"),
            ),
        ],
        16,
        "进展记录的日期 2024-08-01 晚于今天（2024-07-15）",
    ),
    "deadline moved by hand after a logged move": (
        [
            ("deadline: 2025-06-30", "deadline: 2025-11-30"),
            (
                "    evidence: []\n",
                "    evidence: []\n    deadline_history:\n      - date: 2024-07-01\n"
                "        previous: 2025-03-31\n        new: 2025-06-30\n        reason: 调整\n",
            ),
        ],
        11,
        "完成时限是 2025-11-30，但最后一次调整记录的新时限是 2025-06-30",
    ),
    "phone number in a note": (
        [
            ("status: not_started", "status: in_progress"),
            (
                "    progress_log: []\n",
                LOG.format(date="2024-07-01", note="请联系 138 1234 5678", status="in_progress"),
            ),
        ],
        17,
        "这里含有个人信息（手机号 138****5678）",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_hand_edit_rule_fails_validate_on_its_line(mini, case):
    replacements, line, message = CASES[case]
    for old, new in replacements:
        edit(mini, old, new)
    found = errors(mini)
    lines = line if isinstance(line, tuple) else (line,)
    assert [(e["file"], e["line"]) for e in found] == [(TARGET, n) for n in lines], found
    assert found[0]["message"].startswith(message), found[0]["message"]
    assert found[0]["hint"]
    if case == "phone number in a note":
        assert "1234" not in found[0]["message"]  # masked: the message repeats none of it


def test_validate_reports_the_rule_as_text_and_github_annotation(mini):
    edit(mini, "    progress: 0\n", "    progress: 50\n")
    text = run_cli(mini, "validate")
    assert text.exit_code == 1
    assert text.stderr.startswith(
        f"{TARGET}:14:15: 错误：状态为未启动（not_started），进度却是 50%\n  → "
    )
    github = run_cli(mini, "validate", "-f", "github")
    assert github.stdout.startswith(f"::error file={TARGET},line=14,col=15::状态为未启动")
    gitlab = json.loads(run_cli(mini, "validate", "-f", "gitlab").stdout)
    assert gitlab[0]["location"] == {"path": TARGET, "lines": {"begin": 14}}
    assert gitlab[0]["severity"] == "major" and gitlab[0]["check_name"] == "status_progress"


def test_the_code_quality_fingerprint_survives_a_line_moving(mini):
    edit(mini, "    progress: 0\n", "    progress: 50\n")
    before = json.loads(run_cli(mini, "validate", "-f", "gitlab").stdout)
    edit(mini, "id: g1-t2\n", "# 教育组的任务\nid: g1-t2\n")
    after = json.loads(run_cli(mini, "validate", "-f", "gitlab").stdout)
    assert [f["location"]["lines"]["begin"] for f in (*before, *after)] == [14, 15]
    assert after[0]["fingerprint"] == before[0]["fingerprint"]


def test_the_same_finding_twice_in_a_file_has_two_fingerprints():
    from qc_ledger.errors import Problem
    from qc_ledger.render.problems import code_quality

    path = Path("data/tasks/g1-t2.yaml")
    same = [Problem("进度却是 50%", path, line, 5, code="status_progress") for line in (14, 30)]
    other = Problem("进度却是 60%", path, 14, 5, code="status_progress")
    prints = [f["fingerprint"] for f in json.loads(code_quality([*same, other], None))]
    assert len(set(prints)) == 3


def test_update_refuses_personal_data_and_writes_nothing(mini):
    before = (mini / TARGET).read_bytes()
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "身份证 11010519491231002X 已登记")
    assert result.exit_code == 2, result.stderr
    assert "身份证号 1101**********002X" in result.stderr
    assert "11010519491231002X" not in result.stderr
    assert (mini / TARGET).read_bytes() == before


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("电话 13812345678", ["手机号"]),
        ("+86 139-1234-5678", ["手机号"]),
        ("wang5@qingcheng.gov.cn", ["电子邮箱"]),
        ("11010519491231002X", ["身份证号"]),
        ("110105194912310021", []),  # a wrong check digit: not an ID number
        ("文号 20240630123456", []),  # 14 digits: a document number
        ("0763-3362123", []),  # an office landline
        ("113812345678", []),  # 12 digits
        # A Chinese input method's full-width mode: the same numbers, typed as ０-９.
        ("电话１３８１２３４５６７８", ["手机号"]),
        ("＋８６ １３９－１２３４－５６７８", ["手机号"]),
        ("１３８　１２３４　５６７８", ["手机号"]),
        ("１１０１０５１９４９１２３１００２Ｘ", ["身份证号"]),
        ("１１０１０５１９４９１２３１００２１", []),
        ("ｗａｎｇ５＠ｑｉｎｇｃｈｅｎｇ．ｇｏｖ．ｃｎ", ["电子邮箱"]),
        ("文号 ２０２４０６３０１２３４５６", []),
    ],
)
def test_personal_data_patterns(text, kinds):
    assert [kind for kind, _ in find_in_text(text)] == kinds


def test_full_width_numbers_are_refused_in_a_data_file_and_in_an_update(mini):
    before = (mini / TARGET).read_bytes()
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "联系人手机１３８１２３４５６７８")
    assert result.exit_code == 2, result.stderr
    assert "手机号 138****5678" in result.stderr and "１２３４" not in result.stderr
    assert (mini / TARGET).read_bytes() == before
    edit(mini, "deliverable: null", "deliverable: 身份证１１０１０５１９４９１２３１００２Ｘ")
    found = errors(mini)
    assert [e["line"] for e in found] == [12]
    assert found[0]["message"].startswith("这里含有个人信息（身份证号 1101**********002X）")


def test_contact_fields_may_hold_phones(mini):
    path = mini / "data/units.yaml"
    text = path.read_text(encoding="utf-8")
    assert "contact: null" in text
    path.write_text(
        text.replace("contact: null", 'contact: {name: 周七, phone: "13812345678"}', 1),
        encoding="utf-8",
    )
    assert run_cli(mini, "validate").exit_code == 0


def test_the_schema_flags_a_misspelt_unit_as_an_editor_would(tmp_path):
    """What the YAML language server does: validate the file's data against its JSON Schema."""
    jsonschema = pytest.importorskip("jsonschema")
    from qc_ledger.store import yaml as store

    schema = json.loads((REPO / "schemas/task.schema.json").read_text(encoding="utf-8"))
    path = REPO / "data/tasks/g1-t1.yaml"
    data = json.loads(
        json.dumps(store.parse_fast(path.read_text(encoding="utf-8"), path), default=str)
    )
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)) == []
    data["measures"][0]["lead_unit"] = "市公安局清城分句"
    data["measures"][0]["status"] = "推进中"
    found = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert [list(e.absolute_path) for e in found] == [
        ["measures", 0, "lead_unit"],
        ["measures", 0, "status"],
    ]
    assert "市公安局清城分局" in found[0].schema["enum"]


def _hover(schema: dict, prop: dict) -> tuple[str | None, str | None]:
    """The title and description the YAML language server shows on hovering a field.

    It meets an allOf's subschemas before the field's own schema, and takes the first title and the
    first description it meets; a `$ref`'s target fills in only what the field does not say itself.
    """
    definitions = schema.get("$defs", {})

    def resolved(node: dict) -> dict:
        node = dict(node)
        reference = node.pop("$ref", None)
        if reference is not None:
            for key, value in resolved(definitions[reference.rsplit("/", 1)[1]]).items():
                node.setdefault(key, value)
        return node

    def met(node: dict):
        node = resolved(node)
        for sub in node.get("allOf", []):
            yield from met(sub)
        yield node

    title = description = None
    for node in met(prop):
        title = title or node.get("title")
        description = description or node.get("description")
    return title, description


def test_hovering_a_unit_field_names_the_field_and_aliases_are_marked():
    schema = json.loads((REPO / "schemas/task.schema.json").read_text(encoding="utf-8"))
    lead = schema["$defs"]["Measure"]["properties"]["lead_unit"]
    assert _hover(schema, lead) == ("牵头单位", "牵头单位：写单位名录中的规范名称")
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for model in [schema, *schema.get("$defs", {}).values()]:
            for field, prop in model.get("properties", {}).items():
                if prop.get("$ref") == "#/$defs/UnitName" or "allOf" in prop:
                    assert _hover(schema, prop)[0] == prop["title"] != "单位名称", (path, field)
    units = YAML(typ="safe").load((REPO / "data/units.yaml").read_text(encoding="utf-8"))
    names = json.loads((REPO / "schemas/task.schema.json").read_text(encoding="utf-8"))["$defs"][
        "UnitName"
    ]
    shown = dict(zip(names["enum"], names["enumDescriptions"], strict=True))
    for unit in units["units"]:
        assert shown[unit["name"]].startswith("规范名称")
        for alias in unit.get("aliases", []):
            assert shown[alias].startswith("别名") and f"“{unit['name']}”" in shown[alias]


def test_every_field_has_a_chinese_title_and_description():
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for name, definition in [("", schema), *schema.get("$defs", {}).items()]:
            for field, prop in definition.get("properties", {}).items():
                where = f"{path.name} {name}.{field}"
                assert any("\u4e00" <= c <= "\u9fff" for c in prop.get("title", "")), where
                assert prop.get("description"), where


def test_schemas_check_fails_when_the_registry_changes(mini):
    assert run_cli(mini, "schemas").exit_code == 0
    path = mini / "data/units.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("aliases: []", "aliases: [新别名]", 1),
        encoding="utf-8",
    )
    result = run_cli(mini, "schemas", "--check")
    # The unit names live in the schemas of the files that name units.
    assert result.exit_code == 1 and "task.schema.json" in result.stderr


def test_every_data_file_declares_its_schema_and_fmt_restores_it(plan_copy):
    for path in sorted((REPO / "data").rglob("*.yaml")):
        relative = path.relative_to(REPO / "data")
        top = {"plan.yaml": "plan", "units.yaml": "units", "rules.yaml": "rules"}
        top |= {"policy.yaml": "policy", "office.yaml": "office"}
        kind = top.get(str(relative), relative.parts[0][:-1])
        depth = "../" * len(relative.parts)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={depth}schemas/{kind}.schema.json", path
    shutil.copytree(REPO / "schemas", plan_copy / "schemas")
    task = plan_copy / "data/tasks/g1-t1.yaml"
    task.write_text(task.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert run_cli(plan_copy, "fmt").exit_code == 0
    assert task.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/task.schema.json\nid: g1-t1\n"
    )
