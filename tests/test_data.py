"""The plan as written in data/: complete, verbatim, honest, and stable through the write path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qc_ledger.load.loader import load_ledger
from qc_ledger.store import yaml as store
from qc_ledger.usecases.schemas import stale_schemas

from conftest import REPO

PLAN_TEXT = (REPO / "data" / "source" / "implementation-plan.zh.txt").read_text(encoding="utf-8")
DATA_FILES = sorted((REPO / "data").rglob("*.yaml"))


@pytest.fixture(scope="module")
def ledger():
    return load_ledger(REPO)


def test_the_plan_loads_without_errors_or_warnings(ledger):
    assert ledger.warnings == ()


def test_counts_of_the_plan(ledger):
    assert len(ledger.groups) == 7
    assert len(ledger.tasks) == 20
    assert len(ledger.measures) == 59
    assert [len(ledger.tasks_of(g)) for g in ledger.groups] == [3, 2, 2, 3, 3, 4, 3]


def test_every_group_has_leader_lead_unit_and_members(ledger):
    leaders = {g.id: g.leader.name for g in ledger.groups.values()}
    assert leaders == {
        "g1": "欧建文",
        "g2": "何瑞能",
        "g3": "何瑞能",
        "g4": "邱伟博",
        "g5": "邱伟博",
        "g6": "邱伟博",
        "g7": "蓝建飞",
    }
    for group in ledger.groups.values():
        assert group.lead_unit and group.member_units
        assert group.name in PLAN_TEXT


def test_titles_and_measure_texts_are_verbatim(ledger):
    for task in ledger.tasks.values():
        assert task.title in PLAN_TEXT, task.id
        for measure in task.measures:
            assert measure.text in PLAN_TEXT, measure.id


def test_no_invented_progress(ledger):
    for _, _, measure in ledger.iter_measures():
        assert measure.status == "not_started"
        assert measure.progress == 0
        assert measure.progress_log == [] and measure.evidence == []
        assert measure.responsible_person is None and measure.deliverable is None
        assert measure.deadline == ledger.plan.period.end


def test_plan_period_leading_group_and_office(ledger):
    plan = ledger.plan
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == (
        "2022-01-01",
        "2025-12-31",
    )
    assert plan.leading_group.head.name == "邱泽军"
    assert plan.leading_group.executive_deputy.name == "虞卫旗"
    assert plan.coordination_office.host_unit == "区发展改革局"
    (milestone,) = plan.milestones
    assert milestone.inferred and milestone.date.isoformat() == "2022-08-30"
    assert "8月30日" in milestone.date_as_written and milestone.reasoning


def _unit_spellings_in_plan() -> set[str]:
    names: set[str] = set()
    for line in PLAN_TEXT.splitlines():
        match = re.match(r"^(成员单位|牵头单位)：(.*)$", line.strip())
        if match:
            body = match.group(2).rstrip("。")
            names.update(part.strip() for part in re.split(r"[、，,]", body) if part.strip())
    return names


def test_every_unit_spelling_in_the_plan_resolves(ledger):
    spellings = _unit_spellings_in_plan()
    assert len(spellings) > 25
    for name in spellings:
        assert ledger.registry.resolve(name) is not None, name


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("区发展和改革局", "区发展改革局"),
        ("区人力资源社会保障局", "区人力资源和社会保障局"),
        ("区住房建设局", "区住房城乡建设局"),
        ("区土地开发储备局区", "区土地开发储备中心"),
        ("区工信局", "区工业和信息化局"),
    ],
)
def test_aliases_and_the_typo_map_to_canonical_units(ledger, alias, canonical):
    found = ledger.registry.resolve(alias)
    assert found is not None and found.is_alias and found.canonical == canonical


def test_streets_and_towns_are_units(ledger):
    towns = [u.name for u in ledger.registry.units.values() if u.kind == "街镇"]
    assert "源潭镇" in towns and len(towns) == 8


def test_file_names_are_ascii_ids():
    for path in DATA_FILES:
        if path.parent.name in ("groups", "tasks"):
            assert re.fullmatch(r"[a-z0-9-]+\.yaml", path.name), path


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_data_file_round_trips_byte_for_byte(path: Path):
    text = path.read_text(encoding="utf-8")
    assert store.dump_roundtrip(store.parse_roundtrip(text, path)) == text


def test_committed_schemas_match_the_models():
    assert stale_schemas(REPO) == []


def test_the_fast_path_uses_the_c_parser():
    assert store.uses_c_parser()


def test_only_what_the_plan_says(ledger):
    """No cooperating unit is named anywhere in the plan; the period's days are an inference."""
    assert all(not m.cooperating_units for _g, _t, m in ledger.iter_measures())
    period = ledger.plan.period
    assert period.inferred and "2022-2025年" in period.reasoning
    milestone = next(m for m in ledger.plan.milestones if m.id == "responsibility-lists")
    assert milestone.inferred and "六中全会" in milestone.reasoning
    kinds = {unit.name: unit.kind for unit in ledger.registry.units.values()}
    assert (kinds["区供电局"], kinds["区土地开发储备中心"]) == ("国有企业", "事业单位")


def test_the_coordination_office_is_a_unit(ledger):
    """Work is reported to it and it can be given a contact: 区统筹办 is in the registry."""
    found = ledger.registry.resolve("统筹办")
    assert found is not None and found.canonical == "区统筹办"
    assert ledger.registry.units["区统筹办"].kind == "议事协调机构"
