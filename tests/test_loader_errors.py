"""Every problem in the files is reported with file:line:column, a reason and a fix, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.load.loader import load_ledger


def edit(root: Path, relative: str, old: str, new: str) -> Path:
    path = root / "data" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems_of(root: Path):
    with pytest.raises(DataError) as caught:
        load_ledger(root)
    return caught.value.problems


def only_error(root: Path):
    errors = [p for p in problems_of(root) if p.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0]


def where(problem) -> tuple[str, int | None, int | None]:
    return problem.path.name, problem.line, problem.column


def test_unknown_field_with_line_and_suggestion(mini):
    edit(mini, "tasks/g1-t2.yaml", "    status: not_started", "    statsu: not_started")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 13, 5)
    assert "statsu" in problem.message and "status" in problem.hint


def test_wrong_value_points_at_the_value(mini):
    edit(mini, "tasks/g1-t2.yaml", "    progress: 0", "    progress: 140")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 14, 15)
    assert "超出范围" in problem.message


def test_missing_field_points_at_its_record(mini):
    edit(mini, "tasks/g1-t2.yaml", "    deadline: 2025-06-30\n", "")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 5, 5)
    assert "deadline" in problem.message


def test_impossible_date_has_a_line(mini):
    edit(mini, "tasks/g1-t2.yaml", "deadline: 2025-06-30", "deadline: 2025-02-30")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 11, 15)
    assert "不是存在的日期" in problem.message


@pytest.mark.parametrize("written", ['" 2025-06-30"', '"2025-06-30 "'])
def test_a_date_with_spaces_is_refused_at_its_line(mini, written):
    # Stripped, it passed validation while the cached text kept the space: a restored ledger then
    # read the wrong newest entry, or failed on the date.
    edit(mini, "tasks/g1-t2.yaml", "deadline: 2025-06-30", f"deadline: {written}")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 11, 15)
    assert "前后有空格" in problem.message and "应写作 2025-06-30" in problem.message


def test_unknown_unit_lists_the_nearest_registered_names(mini):
    edit(mini, "tasks/g1-t2.yaml", "      - 区财政局", "      - 区财务局")
    problem = only_error(mini)
    assert where(problem) == ("g1-t2.yaml", 9, 9)
    assert "区财务局" in problem.message and "区财政局" in problem.hint


def test_alias_is_accepted_and_reported(mini):
    edit(mini, "groups/g2.yaml", "lead_unit: 区发展改革局", "lead_unit: 区发展和改革局")
    ledger = load_ledger(mini)
    (warning,) = ledger.warnings
    assert where(warning) == ("g2.yaml", 7, 12)
    assert "区发展改革局" in warning.hint


def test_unknown_group_suggests_groups(mini):
    edit(mini, "tasks/g2-t1.yaml", "group: g2", "group: g9")
    problem = only_error(mini)
    assert where(problem) == ("g2-t1.yaml", 2, 8)
    assert "g9" in problem.message and "g1" in problem.hint


def test_file_name_must_match_id(mini):
    (mini / "data/groups/g2.yaml").rename(mini / "data/groups/g3.yaml")
    problems = [p for p in problems_of(mini) if p.severity == "error"]
    assert any(p.code == "file_name" and p.path.name == "g3.yaml" for p in problems)


def test_duplicate_measure_ids_across_files(mini):
    edit(mini, "tasks/g1-t2.yaml", "  - id: g1-t2-m1", "  - id: g1-t1-m1")
    codes = {p.code for p in problems_of(mini)}
    assert "duplicate_id" in codes


def test_measure_id_must_belong_to_its_task(mini):
    edit(mini, "tasks/g1-t2.yaml", "  - id: g1-t2-m1", "  - id: g1-t3-m1")
    problem = only_error(mini)
    assert problem.code == "bad_id" and where(problem) == ("g1-t2.yaml", 5, 9)


def test_deadline_outside_the_plan_period(mini):
    edit(mini, "tasks/g1-t2.yaml", "deadline: 2025-06-30", "deadline: 2026-06-30")
    problem = only_error(mini)
    assert problem.code == "deadline_out_of_period" and "beyond_period" in problem.hint


def test_deadline_outside_the_period_when_marked(mini):
    edit(
        mini,
        "tasks/g1-t2.yaml",
        "deadline: 2025-06-30",
        "deadline: 2026-06-30\n    beyond_period: true",
    )
    assert load_ledger(mini).measures["g1-t2-m1"][1].beyond_period


def test_all_problems_in_all_files_in_one_run(mini):
    edit(mini, "tasks/g1-t2.yaml", "    progress: 0", "    progress: 140")
    edit(mini, "groups/g1.yaml", "  - 区财政局", "  - 区财务局")
    edit(mini, "tasks/g2-t1.yaml", "status: delayed", "status: late")
    problems = problems_of(mini)
    assert {p.path.name for p in problems} == {"g1-t2.yaml", "g1.yaml", "g2-t1.yaml"}


def test_gbk_file_is_named_and_explained(mini):
    path = mini / "data/tasks/g1-t2.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    problem = only_error(mini)
    assert "GBK/GB18030" in problem.message and "UTF-8" in problem.hint
    assert problem.line == 3


def test_bom_and_crlf_are_accepted(mini):
    path = mini / "data/tasks/g1-t2.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert "g1-t2-m1" in load_ledger(mini).measures


def test_a_schema_error_and_an_unknown_unit_of_one_file_show_together(mini, cli):
    edit(mini, "tasks/g1-t2.yaml", "    status: not_started", "    status: finished")
    edit(mini, "tasks/g1-t2.yaml", "      - 区财政局", "      - 区财政所")
    codes = [(p.code, p.line) for p in problems_of(mini) if p.severity == "error"]
    assert ("unknown_unit", 9) in codes
    assert len(codes) == 2 and codes[0][1] == 13  # the status, then the unit
    result = cli(mini, "validate")
    assert result.exit_code == 1
    assert "g1-t2.yaml:13" in result.stderr + result.stdout
    assert "未登记的单位“区财政所”" in result.stderr + result.stdout


def test_a_unit_name_the_schema_refused_is_not_reported_twice(mini):
    edit(mini, "tasks/g1-t2.yaml", "    lead_unit: 区教育局", "    lead_unit: ''")
    errors = [p for p in problems_of(mini) if p.severity == "error"]
    assert len(errors) == 1 and errors[0].code != "unknown_unit"
