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
