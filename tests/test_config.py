"""`ledger config`: a contact person's unit and signature, saved once, used by list, unit and commits."""

from __future__ import annotations

import json

from conftest import COMMIT_ENV, git, run_cli


def test_a_saved_unit_is_the_default_of_list_and_unit(mini, private_cache):
    result = run_cli(mini, "config", "set", "unit", "区发展和改革局")
    assert result.exit_code == 0, result.stderr
    assert "区发展改革局" in result.stdout  # saved under its canonical name
    saved = json.loads((private_cache / "config.json").read_text(encoding="utf-8"))
    assert saved == {"unit": "区发展改革局"}
    listing = run_cli(mini, "list")
    assert listing.stdout.startswith("只列默认单位“区发展改革局”的措施")
    assert "g1-t1-m1" not in listing.stdout and "g2-t1-m1" in listing.stdout
    assert "g1-t1-m1" in run_cli(mini, "list", "--all-units").stdout
    assert "g1-t1-m1" in run_cli(mini, "list", "--unit", "区教育局").stdout
    assert run_cli(mini, "unit").stdout.startswith("区发展改革局（区直部门）")
    run_cli(mini, "config", "unset", "unit")
    result = run_cli(mini, "unit")
    assert result.exit_code == 2 and "ledger config set unit" in result.stderr


def test_a_saved_author_signs_commits(mini):
    assert run_cli(mini, "config", "set", "author", "周七 <zhou7@example.org>").exit_code == 0
    result = run_cli(
        mini, "update", "g1-t2-m1", "--progress", "10", "--note", "开始", "--commit", **COMMIT_ENV
    )
    assert result.exit_code == 0, result.stderr
    assert git(mini, "log", "-1", "--format=%an <%ae>").strip() == "周七 <zhou7@example.org>"


def test_bad_settings_are_refused_with_the_fix(mini, private_cache):
    result = run_cli(mini, "config", "set", "colour", "red")
    assert (
        result.exit_code == 2 and "可设置的：unit（默认单位）、author（默认署名）" in result.stderr
    )
    result = run_cli(mini, "config", "set", "unit", "区财正局")
    assert result.exit_code == 2 and "区财政局" in result.stderr
    (private_cache / "config.json").write_text("{not json", encoding="utf-8")
    result = run_cli(mini, "list")
    assert result.exit_code == 1
    assert "个人设置文件已损坏" in result.stderr and "config.json" in result.stderr
