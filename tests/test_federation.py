"""`ledger federate`: district ledgers summed into a city's view, by the higher tasks they implement."""

from __future__ import annotations

import json
import shutil

from conftest import MINI, run_cli


def district(tmp_path, name: str, implements: dict[str, str]):
    """A copy of the fixture ledger whose measures name the city tasks they implement."""
    root = tmp_path / name
    shutil.copytree(MINI / "data", root / "data")
    for measure_id, task in implements.items():
        path = root / "data" / "tasks" / f"{measure_id.rsplit('-', 1)[0]}.yaml"
        text = path.read_text(encoding="utf-8")
        marker = f"  - id: {measure_id}\n"
        assert marker in text
        path.write_text(
            text.replace(marker, marker + f"    implements: {task}\n"), encoding="utf-8"
        )
    assert run_cli(root, "validate").exit_code == 0, run_cli(root, "validate").stderr
    return root


def test_two_districts_are_summed_and_grouped_by_the_city_task(tmp_path):
    a = district(tmp_path, "清城区", {"g1-t1-m1": "qy-t1", "g2-t1-m3": "qy-t2"})
    b = district(tmp_path, "清新区", {"g1-t1-m2": "qy-t1"})
    result = run_cli(None, "federate", str(a), str(b), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [m["name"] for m in data["members"]] == ["清城区", "清新区"]
    assert data["total"]["measures"] == 12 and data["total"]["done"] == 2
    assert data["total"]["overdue"] == 2  # g1-t1-m2 in each, past 2024-06-30
    tasks = {t["task"]: t for t in data["implemented"]}
    assert tasks["qy-t1"]["measures"] == 2 and tasks["qy-t1"]["done"] == 1
    assert tasks["qy-t1"]["overdue"] == 1 and tasks["qy-t1"]["members"] == ["清城区", "清新区"]
    assert tasks["qy-t2"]["members"] == ["清城区"] and data["unlinked"] == 9
    table = run_cli(None, "federate", str(a), str(b)).stdout
    assert "qy-t1" in table and "合计" in table


def test_a_federation_file_names_its_members(tmp_path):
    district(tmp_path, "清城区", {"g1-t1-m1": "qy-t1"})
    district(tmp_path, "清新区", {})
    file = tmp_path / "federation.yaml"
    file.write_text(
        "title: 清远市试验区\nmembers:\n  - name: 清城\n    path: 清城区\n  - name: 清新\n    path: 清新区\n",
        encoding="utf-8",
    )
    md = run_cli(None, "federate", "--file", str(file), "-f", "md").stdout
    assert md.startswith("# 清远市试验区：2 个台账的联合视图") and "| 清城 |" in md


def test_bad_members_and_usage_are_reported(tmp_path):
    good = district(tmp_path, "清城区", {})
    broken = district(tmp_path, "清新区", {})
    (broken / "data" / "groups" / "g1.yaml").write_text("id: g1\nname: [\n", encoding="utf-8")
    result = run_cli(None, "federate", str(good), str(broken))
    assert result.exit_code == 1 and "台账“清新区”" in result.stderr and "g1.yaml" in result.stderr
    missing = run_cli(None, "federate", str(good), str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "没有 data/" in missing.stderr
    assert run_cli(None, "federate").exit_code == 2
    file = tmp_path / "federation.yaml"
    file.write_text("title: x\nmembers: []\n", encoding="utf-8")
    assert run_cli(None, "federate", str(good), "--file", str(file)).exit_code == 2
    empty = run_cli(None, "federate", "--file", str(file))
    assert empty.exit_code == 1 and "federation.yaml:2" in empty.stderr


def test_implements_must_be_an_id(tmp_path):
    root = district(tmp_path, "清城区", {})
    path = root / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - id: g1-t1-m1\n", "  - id: g1-t1-m1\n    implements: QY T1\n"),
        encoding="utf-8",
    )
    result = run_cli(root, "validate")
    assert result.exit_code == 1 and "data/tasks/g1-t1.yaml:7:17:" in result.stderr
