"""Rules that match the office's sense, at their boundaries."""

from __future__ import annotations

from conftest import run_cli

NEW_UNIT = "  - name: 飞来峡镇\n    kind: 街镇\n    aliases: []\n    contact: null\n"


def test_exporting_a_unit_with_no_measures_says_so_and_writes_nothing(mini, tmp_path):
    units = mini / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + NEW_UNIT, encoding="utf-8")
    target = tmp_path / "飞来峡镇.xlsx"
    result = run_cli(mini, "export", "--unit", "飞来峡镇", "-o", str(target))
    assert result.exit_code == 2
    assert "飞来峡镇 没有牵头或配合的措施" in result.stderr
    assert not target.exists()
    # One measure to cooperate on is enough for a workbook.
    assert run_cli(mini, "export", "--unit", "源潭镇", "-o", str(target)).exit_code == 0
    assert target.exists()


LONG_AUTHOR = "欧阳建国（区教育局联络员）"  # 26 columns


def test_the_author_column_uses_the_free_width(mini):
    from conftest import COMMIT_ENV

    env = {**COMMIT_ENV, "GIT_AUTHOR_NAME": LONG_AUTHOR, "GIT_COMMITTER_NAME": LONG_AUTHOR}
    args = ("update", "g1-t2-m1", "-p", "20", "-n", "推进", "--author", LONG_AUTHOR, "--commit")
    assert run_cli(mini, *args, **env).exit_code == 0
    for command in (("log", "g1-t2-m1"), ("changes", "--since", "2024-07-01")):
        wide = run_cli(mini, *command, COLUMNS="120").stdout
        assert LONG_AUTHOR in wide, command
        narrow = run_cli(mini, *command, COLUMNS="80").stdout
        assert "欧阳建国（区教育局" in narrow, command  # more than the former ten columns


def _unit_with(lead: int, overdue: int, unit: str, group: str) -> str:
    """A task file whose `lead` measures are led by `unit`, the first `overdue` of them late."""
    lines = [f"id: {group}-t9", f"group: {group}", "title: 折算测试", "measures:"]
    for number in range(1, lead + 1):
        deadline = "2024-03-31" if number <= overdue else "2025-12-31"
        lines += [
            f"  - id: {group}-t9-m{number}",
            "    text: 测试措施。",
            f"    lead_unit: {unit}",
            f"    deadline: {deadline}",
            "    status: in_progress",
            "    progress: 10",
            "    progress_log:",
            "      - date: 2024-07-01",
            "        note: 推进中。",
            "        status: in_progress",
            "        progress: 10",
        ]
    return "\n".join(lines) + "\n"


def _overdue_points(root, unit: str) -> float:
    import json

    result = run_cli(root, "assess", "--explain", unit, "-f", "json")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    return round(sum(p["points"] for p in points if p["rule"] == "overdue"), 2)


def test_the_same_share_late_costs_a_unit_of_31_what_it_costs_a_unit_of_8(mini):
    units = mini / "data" / "units.yaml"
    extra = "".join(
        f"  - name: {name}\n    kind: 街镇\n    aliases: []\n    contact: null\n"
        for name in ("飞来峡镇", "石角镇")
    )
    units.write_text(units.read_text(encoding="utf-8") + extra, encoding="utf-8")
    tasks = mini / "data" / "tasks"
    # A quarter late: 2 of 8, and 31 × 2/8 is not whole, so 8 of 32 for the larger unit.
    (tasks / "g1-t9.yaml").write_text(_unit_with(8, 2, "飞来峡镇", "g1"), encoding="utf-8")
    (tasks / "g2-t9.yaml").write_text(_unit_with(32, 8, "石角镇", "g2"), encoding="utf-8")
    small, large = _overdue_points(mini, "飞来峡镇"), _overdue_points(mini, "石角镇")
    assert small == large == -7.5  # −3 a measure for a unit of 10, a quarter of them late
    # Without rates, the larger unit would pay four times as much.
    rules = mini / "data" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "assessment:\n  rate_basis: null\n", encoding="utf-8"
    )
    assert (_overdue_points(mini, "飞来峡镇"), _overdue_points(mini, "石角镇")) == (-6, -24)


def test_an_inferred_deadline_is_marked_wherever_it_is_shown(mini):
    import json

    path = mini / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    # g1-t1-m2: its deadline, as ledger init would have inferred it, past on the day of the notice.
    marked = text.replace(
        "    evidence: []\n", "    evidence: []\n    inferred:\n      - deadline\n", 1
    )
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    listed = run_cli(mini, "list", "--task", "g1-t1").stdout
    assert "时限推定" in listed
    shown = run_cli(mini, "show", "g1-t1-m2").stdout
    assert "（推定：方案未写时限" in shown
    data = json.loads(run_cli(mini, "list", "-f", "json").stdout)
    flags = {row["id"]: row["deadline_inferred"] for row in data["measures"]}
    assert flags["g1-t1-m2"] is True and flags["g1-t1-m1"] is False
    notice = run_cli(mini, "report").stdout
    assert "2024-06-30（推定）" in notice
