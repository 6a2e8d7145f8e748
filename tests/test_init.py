"""`ledger init --from-plan`: ledgers built from plan documents, in text and Word, each validating."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from qc_ledger.plandoc.fidelity import check_fidelity
from qc_ledger.plandoc.reading import document_lines, read_outline
from qc_ledger.usecases.init import read_plan

from conftest import COMMIT_ENV, FIXTURES, GIT_ENV, REPO, git, run_cli

PLANS = FIXTURES / "plans"
PLAN = REPO / "data" / "source" / "implementation-plan.zh.txt"
IDENTITY = {k: v for k, v in GIT_ENV.items() if k.startswith("GIT_AUTHOR_N") or "EMAIL" in k}
TODAY = dt.date(2024, 7, 15)


def build(source: Path, target: Path, *extra: str):
    """Run `ledger init` on a plan file and return the CLI outcome."""
    return run_cli(
        None, "init", "--from-plan", str(source), str(target), *extra, **IDENTITY, **COMMIT_ENV
    )


def docx_copy(source: Path, folder: Path) -> Path:
    """The same plan as a Word file: one paragraph per line, a `|` table as a Word table."""
    import docx

    from qc_ledger.plandoc.lines import text_lines

    document = docx.Document()
    lines = text_lines(source.read_text(encoding="utf-8"), markdown=source.suffix == ".md")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.cells:
            rows = [row for row in lines[index:] if row.table == line.table]
            table = document.add_table(rows=len(rows), cols=len(line.cells))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row.cells):
                    table.cell(r, c).text = cell
            index += len(rows)
            continue
        document.add_paragraph(line.text)
        index += 1
    path = folder / (source.stem + ".docx")
    document.save(str(path))
    return path


def export(root: Path) -> dict:
    result = run_cli(root, "export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def records(root: Path, canonical) -> dict:
    """What the golden test compares: groups, leaders, units, tasks and measure texts."""
    from qc_ledger.load.loader import load_ledger

    ledger = load_ledger(root)
    groups = [
        (
            g.id,
            g.name,
            g.leader.name if g.leader else None,
            g.leader.title if g.leader else None,
            canonical(g.lead_unit),
            [canonical(u) for u in g.member_units],
        )
        for g in ledger.groups.values()
    ]
    tasks = [
        (
            t.id,
            t.group,
            t.title,
            [
                (
                    m.id,
                    m.text,
                    canonical(m.lead_unit),
                    [canonical(u) for u in m.cooperating_units],
                    m.deadline,
                )
                for m in t.measures
            ],
        )
        for t in ledger.tasks.values()
    ]
    return {"groups": groups, "tasks": tasks}


def test_this_plan_reproduces_todays_data_exactly(tmp_path):
    from qc_ledger.load.loader import load_ledger

    target = tmp_path / "清城台账"
    result = build(PLAN, target)
    assert result.exit_code == 0, result.stderr
    assert "59 项措施" in result.stdout
    today = load_ledger(REPO).registry
    assert records(target, today.canonical) == records(REPO, today.canonical)
    assert run_cli(target, "validate").exit_code == 0
    assert run_cli(target, "status", today="2024-07-15").exit_code == 0
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain") == ""
    assert (target / "data" / "source" / PLAN.name).read_bytes() == PLAN.read_bytes()
    report = (target / "data" / "source" / "init-report.md").read_text(encoding="utf-8")
    # Spellings of one bureau are proposed as aliases, never merged: both stay in the registry.
    assert "“区发展和改革局” → “区发展改革局”" in report
    names = {u["name"] for u in export(target)["units"]}
    assert {"区发展和改革局", "区发展改革局"} <= names
    # The missing （1） and the leads taken from each group are listed with their line.
    assert "| 第29行 | g1-t1-m1 | 这一项没有编号" in report
    assert "忠实性检查\n\n通过" in report


FIXTURE_EXPECTATIONS = {
    # fixture: (groups, measures, a measure id -> (lead unit, cooperating units, deadline))
    "clause.txt": (
        2,
        5,
        {"g1-t1-m1": ("市市场监管局", ["市政务服务数据管理局", "各区、县级市"], "2023-06-30")},
    ),
    "label-lines.txt": (
        1,
        4,
        {"g1-t1-m1": ("县教育局", ["县财政局", "县自然资源局"], "2023-08-31")},
    ),
    "inline.txt": (
        2,
        4,
        {"g1-t1-m1": ("区农业农村局", ["区财政局", "区自然资源局"], "2024-12-31")},
    ),
    "heading-lead.txt": (
        2,
        6,
        {
            "g1-t1-m2": ("市政务服务数据管理局", [], "2023-12-31"),
            "g2-t1-m3": ("市政务服务数据管理局", ["市发展改革局"], "2023-12-31"),
        },
    ),
    "annex-table.md": (
        1,
        4,
        {"g1-t1-m2": ("县农业农村局", ["县财政局", "县自然资源局"], "2023-12-31")},
    ),
    "mixed.txt": (
        2,
        6,
        {
            "g1-t2-m1": ("东城街道", ["区住房城乡建设局"], "2023-12-31"),
            "g1-t2-m2": ("待明确牵头单位", [], "2023-12-31"),
        },
    ),
}


@pytest.mark.parametrize("kind", ["text", "docx"])
@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_each_layout_builds_a_valid_ledger(tmp_path, name, kind):
    source = PLANS / name if kind == "text" else docx_copy(PLANS / name, tmp_path)
    target = tmp_path / "台账"
    result = build(source, target)
    assert result.exit_code == 0, result.stderr
    validated = run_cli(target, "validate")
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    data = export(target)
    groups, count, expected = FIXTURE_EXPECTATIONS[name]
    measures = {m["id"]: m for t in data["tasks"] for m in t["measures"]}
    assert (len(data["groups"]), len(measures)) == (groups, count)
    for measure_id, (lead, cooperating, deadline) in expected.items():
        measure = measures[measure_id]
        assert (measure["lead_unit"], measure["cooperating_units"], measure["deadline"]) == (
            lead,
            cooperating,
            deadline,
        )


def test_deadlines_are_read_or_marked_open_or_inferred():
    reading = read_plan(PLANS / "clause.txt", TODAY)
    measures = {m["id"]: m for t in reading.records.tasks for m in t["measures"]}
    assert measures["g1-t1-m1"]["deadline_as_written"] == "2023年6月底前"
    assert "inferred" not in measures["g1-t1-m1"]
    # "年底前" has no year: the plan's first year, marked inferred.
    assert measures["g1-t1-m2"]["deadline"] == dt.date(2023, 12, 31)
    assert measures["g1-t1-m2"]["inferred"] == ["deadline"]
    # "长期坚持" sets no end: open-ended, at the period's end.
    assert measures["g2-t1-m1"]["open_ended"] is True
    assert measures["g2-t1-m1"]["deadline"] == dt.date(2024, 12, 31)


def test_collective_assignees_stay_what_they_are_and_variants_are_only_proposed():
    reading = read_plan(PLANS / "clause.txt", TODAY)
    kinds = {u["name"]: u["kind"] for u in reading.records.units}
    assert kinds["各区、县级市"] == kinds["各有关单位"] == "统称"
    proposals = {(p.variant, p.canonical) for p in reading.records.aliases}
    assert ("市市场监督管理局", "市市场监管局") in proposals
    assert ("市发展和改革局", "市发展改革局") in proposals or (
        "市发展改革局",
        "市发展和改革局",
    ) in proposals
    assert {"市市场监督管理局", "市市场监管局"} <= set(kinds)


def test_leads_inherited_from_a_heading_or_said_once_are_marked_with_their_place():
    reading = read_plan(PLANS / "heading-lead.txt", TODAY)
    measures = {m["id"]: m for t in reading.records.tasks for m in t["measures"]}
    assert measures["g1-t1-m2"]["inferred"] == ["lead_unit", "deadline"]
    assert (
        "inferred" not in measures["g1-t1-m3"]
        or "lead_unit" not in measures["g1-t1-m3"]["inferred"]
    )
    said = [i for i in reading.records.inferences if i.record == "g2-t1-m2"]
    assert any("下同" in i.what and i.where == "第13行" for i in said)
    heading = [i for i in reading.records.inferences if i.record == "g1-t1-m1"]
    assert any("上级标题（第7行）" in i.what for i in heading)


def test_an_item_without_a_lead_is_kept_and_flagged():
    reading = read_plan(PLANS / "mixed.txt", TODAY)
    measures = {m["id"]: m for t in reading.records.tasks for m in t["measures"]}
    assert measures["g1-t2-m2"]["text"] == "总结推广试点经验。"
    assert measures["g1-t2-m2"]["lead_unit"] == "待明确牵头单位"
    assert "lead_unit" in measures["g1-t2-m2"]["inferred"]
    assert [title for _, title in reading.outline.skipped] == ["基本原则", "工作要求"]


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_the_fidelity_check_fails_when_an_item_is_dropped(name):
    lines = document_lines(PLANS / name)
    outline = read_outline(lines)
    assert check_fidelity(lines, outline).ok
    dropped = outline.groups[-1].tasks[-1].measures.pop()
    found = check_fidelity(lines, outline)
    assert [where for where, _ in found.missing] == [dropped.where]


def test_the_fidelity_check_fails_when_words_are_added():
    lines = document_lines(PLANS / "clause.txt")
    outline = read_outline(lines)
    outline.groups[0].tasks[0].measures[0].text += "并全面推开。"
    assert check_fidelity(lines, outline).added


def test_the_fidelity_check_catches_a_dropped_item_of_this_plan():
    lines = document_lines(PLAN)
    outline = read_outline(lines)
    outline.groups[3].tasks[1].measures.pop(2)
    [(where, text)] = check_fidelity(lines, outline).missing
    assert where == "第85行"
    assert text.startswith("引导工业企业开放生产车间") and text.endswith("大力发展“旅游+工业”")


def test_dry_run_shows_the_tree_and_writes_nothing(tmp_path):
    target = tmp_path / "新台账"
    result = build(PLANS / "heading-lead.txt", target, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not target.exists()
    assert "├─ g1 推进政务服务标准化  牵头：市政务服务数据管理局" in result.stdout
    assert "（不是任务）第3行 指导思想" in result.stdout
    assert "什么也没有写" in result.stdout


def test_an_existing_folder_with_content_is_refused(tmp_path):
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    result = build(PLANS / "clause.txt", tmp_path)
    assert result.exit_code == 2
    assert "不是空目录" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]


def test_a_pdf_is_refused_with_what_to_do(tmp_path):
    pdf = tmp_path / "方案.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = build(pdf, tmp_path / "台账")
    assert result.exit_code == 2
    assert "另存为 .docx" in result.stderr


def test_a_successor_plan_lists_the_old_ledgers_unfinished_measures_to_confirm(tmp_path):
    old, new = tmp_path / "旧台账", tmp_path / "新台账"
    assert build(PLANS / "clause.txt", old).exit_code == 0
    done = run_cli(
        old,
        "update",
        "g1-t1-m3",
        "--status",
        "done",
        "--note",
        "已印发",
        "--commit",
        today="2024-07-15",
        **IDENTITY,
        **COMMIT_ENV,
    )
    assert done.exit_code == 0, done.stderr
    # A new ledger's rules make done a request the office approves (closing.approval).
    closed = run_cli(
        old,
        "close",
        "g1-t1-m3",
        "--approve",
        "--commit",
        today="2024-07-15",
        **IDENTITY,
        **COMMIT_ENV,
    )
    assert closed.exit_code == 0, closed.stderr
    result = build(PLANS / "heading-lead.txt", new, "--carry-over", str(old))
    assert result.exit_code == 0, result.stderr
    assert "未完成的措施 4 项" in result.stdout
    listing = (new / "data" / "source" / "carry-over.md").read_text(encoding="utf-8")
    rows = [
        line.split(" | ")[0].strip("| ") for line in listing.splitlines() if line.startswith("| g")
    ]
    assert rows == ["g1-t1-m1", "g1-t1-m2", "g2-t1-m1", "g2-t1-m2"]
    plan = export(new)["plan"]
    assert plan["predecessor"] == {
        "title": "清远市营商环境改革2023年重点任务分工方案",
        "path": "../旧台账",
    }
    assert run_cli(new, "validate").exit_code == 0
