"""`ledger export --format sqlite`: the whole ledger and its history in one database for analysts."""

from __future__ import annotations

import sqlite3

from conftest import git, run_cli

SNEAKY = "'); DROP TABLE measures; --"


def export(root, target):
    result = run_cli(root, "export", "-f", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return sqlite3.connect(target)


def test_the_database_holds_every_record_and_the_history(mini, tmp_path):
    run_cli(mini, "update", "g1-t1-m2", "--progress", "60", "--note", SNEAKY, "--commit")
    db = export(mini, tmp_path / "台账.db")
    one = lambda sql, *args: db.execute(sql, args).fetchone()  # noqa: E731
    assert one("SELECT count(*) FROM measures") == (6,)
    assert one("SELECT count(*) FROM tasks") == (3,) and one("SELECT count(*) FROM groups") == (2,)
    assert one("SELECT progress, status_label FROM measures WHERE id = 'g1-t1-m2'") == (
        60,
        "推进中",
    )
    notes = [
        row[0] for row in db.execute("SELECT note FROM progress_log WHERE measure_id = 'g1-t1-m2'")
    ]
    assert notes[-1] == SNEAKY  # data, not SQL
    roles = db.execute(
        "SELECT unit, role FROM measure_units WHERE measure_id = 'g2-t1-m3' ORDER BY role"
    )
    assert roles.fetchall() == [
        ("源潭镇", "cooperating"),
        ("区财政局", "cooperating"),
        ("区发展改革局", "lead"),
    ]
    assert one("SELECT count(*) FROM commits") == (2,)
    head = git(mini, "rev-parse", "HEAD").strip()
    assert one("SELECT path FROM commit_files WHERE sha = ?", head) == ("data/tasks/g1-t1.yaml",)
    assert one("SELECT value FROM meta WHERE key = 'commit'") == (head,)
    joined = db.execute(
        "SELECT u.kind, count(*) FROM measures m JOIN units u ON u.name = m.lead_unit GROUP BY 1"
    ).fetchall()
    assert sum(count for _kind, count in joined) == 6


def test_a_ledger_outside_git_exports_without_history(tmp_path):
    import shutil

    from conftest import MINI

    shutil.copytree(MINI / "data", tmp_path / "plain" / "data")
    db = export(tmp_path / "plain", tmp_path / "a.sqlite")
    assert db.execute("SELECT count(*) FROM commits").fetchone() == (0,)
    assert db.execute("SELECT value FROM meta WHERE key = 'commit'").fetchone() == ("",)


def test_bad_targets_are_refused_and_nothing_is_left(mini, tmp_path):
    assert run_cli(mini, "export", "-f", "sqlite").exit_code == 2
    assert run_cli(mini, "export", "-f", "sqlite", "-o", str(tmp_path / "a.csv")).exit_code == 2
    assert run_cli(mini, "export", "-f", "sqlite", "-o", str(mini / "data" / "a.db")).exit_code == 2
    missing = run_cli(mini, "export", "-o", str(tmp_path / "no" / "a.db"))
    assert missing.exit_code == 2 and "不存在" in missing.stderr
    again = tmp_path / "b.db"
    export(mini, again).close()
    export(mini, again).close()  # replaced whole, not appended to
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".ledger-")) == []
