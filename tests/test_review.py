"""`ledger review`, `codeowners`, the merge driver and first-parent history, on real git repositories."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import G1T2, G2T1, git, run_cli

OFFICE = "office@qingcheng.example"
EDUCATION = "zhou7@qingcheng.example"  # 区教育局's contact person


def author(name: str, email: str, day: str = "2024-07-02") -> dict:
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": f"{day}T09:00:00",
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": f"{day}T09:00:00",
    }


@pytest.fixture
def repo(mini):
    """The fixture ledger with accounts registered and a policy, committed on main."""
    units = mini / "data/units.yaml"
    text = units.read_text(encoding="utf-8")
    text = text.replace(
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n",
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n"
        f'    accounts:\n      - {EDUCATION}\n      - "@zhou7"\n',
    )
    units.write_text(text, encoding="utf-8")
    (mini / "data/policy.yaml").write_text(
        f'office_accounts:\n  - {OFFICE}\n  - "@qc-office"\n'
        "unit_fields: [status, progress, progress_log, evidence, responsible_person, deliverable]\n"
        "units_act_on: lead_or_cooperating\nappend_only: [progress_log, deadline_history]\n",
        encoding="utf-8",
    )
    git(mini, "add", "data")
    git(mini, "commit", "-q", "-m", "accounts and policy")
    return mini


def edit(root, path: str, old: str, new: str) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_as(root, name: str, email: str, message: str, day: str = "2024-07-02") -> None:
    git(root, "commit", "-q", "-am", message, env=author(name, email, day))


def review(root, *args: str):
    return run_cli(root, "review", "main", "HEAD", *args)


def test_review_lists_each_field_and_allows_a_units_report(repo):
    git(repo, "checkout", "-q", "-b", "report")
    edit(
        repo,
        G1T2,
        "    status: not_started\n    progress: 0\n    progress_log: []\n",
        "    status: in_progress\n    progress: 30\n    progress_log:\n      - date: 2024-07-02\n"
        "        note: 已摸底。\n        status: in_progress\n        progress: 30\n",
    )
    commit_as(repo, "周七", EDUCATION, "report")
    result = review(repo, "-f", "json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["allowed"] is True
    assert data["authors"] == [{"name": "周七", "email": EDUCATION, "party": "区教育局"}]
    [change] = data["changes"]
    assert change["id"] == "g1-t2-m1"
    assert [(c["field"], c.get("old"), c.get("new")) for c in change["changes"][:2]] == [
        ("status", "not_started", "in_progress"),
        ("progress", 0, 30),
    ]
    md = review(repo, "-f", "md").stdout
    assert "| 措施 g1-t2-m1 | 状态 | 未启动 | 推进中 |" in md
    assert "| 措施 g1-t2-m1 | 进度 | 0% | 30% |" in md
    assert "结论：所有修改都在提交者的权限之内。" in md


def test_review_refuses_a_deadline_moved_by_a_unit_naming_field_and_rule(repo):
    git(repo, "checkout", "-q", "-b", "report")
    edit(repo, G1T2, "deadline: 2025-06-30", "deadline: 2025-09-30")
    commit_as(repo, "周七", EDUCATION, "move")
    result = review(repo)
    assert result.exit_code == 1
    assert "错误：g1-t2-m1：“完成时限”只能由统筹办修改" in result.stdout
    assert "错误：g1-t2-m1：完成时限改了，但 deadline_history 中没有追加调整记录" in result.stdout
    assert "完成时限：2025-06-30 → 2025-09-30" in result.stdout


def test_review_refuses_a_measure_of_another_unit_and_a_rewritten_log(repo):
    git(repo, "checkout", "-q", "-b", "report")
    edit(repo, G2T1, "        note: 规划编制滞后于计划。", "        note: 规划已按期完成。")
    commit_as(repo, "周七", EDUCATION, "rewrite")
    result = review(repo, "-f", "json")
    assert result.exit_code == 1
    rules = [(v["id"], v["field"], v["rule"]) for v in json.loads(result.stdout)["violations"]]
    assert (
        "g2-t1-m1",
        "progress_log",
        "“进展记录”只能在末尾追加，已有的记录不能改写或删除",
    ) in rules
    assert ("g2-t1-m1", None, "措施 g2-t1-m1 不由区教育局牵头或配合，不能修改") in rules


def test_review_lets_the_office_change_anything_but_history(repo):
    git(repo, "checkout", "-q", "-b", "office")
    edit(repo, G1T2, "title: 教师编制挂钩", "title: 教师编制与学生人数挂钩")
    commit_as(repo, "统筹办", OFFICE, "retitle")
    assert review(repo).exit_code == 0
    # The platform login decides when CI passes it: a forged commit e-mail does not.
    assert review(repo, "--author", "zhou7").exit_code == 1
    assert review(repo, "--author", "qc-office").exit_code == 0


def test_review_refuses_an_unregistered_author_once(repo):
    git(repo, "checkout", "-q", "-b", "stranger")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 王某")
    commit_as(repo, "某人", "someone@example.net", "x")
    result = review(repo)
    assert result.exit_code == 1
    assert result.stdout.count("提交者未登记") == 1


def test_review_judges_by_the_bases_registry_not_the_branchs(repo):
    git(repo, "checkout", "-q", "-b", "grab")
    edit(repo, "data/policy.yaml", f"  - {OFFICE}\n", f"  - {OFFICE}\n  - someone@example.net\n")
    commit_as(repo, "某人", "someone@example.net", "make me office")
    result = review(repo)
    assert result.exit_code == 1 and "提交者未登记" in result.stdout


def test_review_of_an_unknown_branch_is_a_usage_error(repo):
    result = run_cli(repo, "review", "mian")
    assert result.exit_code == 2
    assert "git 中没有“mian”这个分支、标签或提交" in result.stderr


def test_codeowners_follow_the_registry_and_check_fails_when_it_changes(repo):
    assert run_cli(repo, "codeowners").exit_code == 0
    github = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert f"* {OFFICE} @qc-office\n" not in github  # handles first
    assert f"* @qc-office {OFFICE}\n" in github
    assert f"/data/tasks/g1-t2.yaml @zhou7 {EDUCATION} @qc-office {OFFICE}\n" in github
    assert "/data/units.yaml @qc-office" in github
    gitea = (repo / ".gitea/CODEOWNERS").read_text(encoding="utf-8")
    assert "^data/tasks/g1\\-t2\\.yaml$ @zhou7 @qc-office\n" in gitea
    assert EDUCATION not in gitea  # Gitea takes user names only
    assert (repo / ".gitlab/CODEOWNERS").is_file()
    assert run_cli(repo, "codeowners", "--check").exit_code == 0
    edit(repo, "data/units.yaml", '      - "@zhou7"\n', '      - "@zhou-qi"\n')
    result = run_cli(repo, "codeowners", "--check")
    assert result.exit_code == 1 and ".github/CODEOWNERS" in result.stderr


REPORT = (
    "    progress_log:\n      - date: {day}\n        author: {who}\n        note: {note}\n"
    "        status: in_progress\n        progress: {progress}\n"
)


def _report(root, who: str, email: str, day: str, note: str, progress: int) -> None:
    edit(
        root,
        G1T2,
        "    status: not_started\n    progress: 0\n",
        f"    status: in_progress\n    progress: {progress}\n",
    )
    edit(
        root,
        G1T2,
        "    progress_log: []\n",
        REPORT.format(day=day, who=who, note=note, progress=progress),
    )
    commit_as(root, who, email, f"{who} report", day)


def merge(repo, branch: str) -> None:
    """The office merges a branch on the 8th, with a merge commit."""
    env = author("统筹办", OFFICE, "2024-07-08")
    git(repo, "merge", "-q", "--no-ff", "-m", f"merge {branch}", branch, env=env)


def _branches(repo, first: int, second: int) -> None:
    git(repo, "checkout", "-q", "-b", "a")
    _report(repo, "周七", EDUCATION, "2024-07-02", "教育局：已摸底。", first)
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "b")
    _report(repo, "孙六", "sun6@qingcheng.example", "2024-07-03", "财政局：已测算经费。", second)
    git(repo, "checkout", "-q", "main")
    merge(repo, "a")


def test_two_reports_on_one_measure_merge_after_setup(repo):
    assert run_cli(repo, "setup").exit_code == 0
    _branches(repo, 30, 30)
    merge(repo, "b")
    text = (repo / G1T2).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert text.index("教育局：已摸底。") < text.index("财政局：已测算经费。")
    assert run_cli(repo, "validate").exit_code == 0
    assert (repo / ".git/hooks/pre-commit").read_text(encoding="utf-8").count("validate") == 1


def test_different_progress_is_a_real_conflict_explained_in_chinese(repo):
    assert run_cli(repo, "setup").exit_code == 0
    _branches(repo, 30, 50)
    result = subprocess.run(
        ["git", "merge", "--no-ff", "-m", "merge b", "b"], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "g1-t2-m1 的“进度”两边改得不同：这边是 30%，另一边是 50%" in result.stderr
    assert "<<<<<<< 这边" in (repo / G1T2).read_text(encoding="utf-8")


def test_without_setup_the_same_reports_conflict(repo):
    _branches(repo, 30, 30)
    result = subprocess.run(
        ["git", "merge", "--no-ff", "b"], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 1


def test_a_merged_report_counts_in_the_week_it_was_merged(repo):
    git(repo, "checkout", "-q", "-b", "a")
    _report(repo, "周七", EDUCATION, "2024-07-02", "教育局：已摸底。", 30)
    git(repo, "checkout", "-q", "main")
    merge(repo, "a")
    first = json.loads(
        run_cli(
            repo, "changes", "--since", "2024-07-01", "--until", "2024-07-07", "-f", "json"
        ).stdout
    )
    second = json.loads(
        run_cli(
            repo, "changes", "--since", "2024-07-08", "--until", "2024-07-14", "-f", "json"
        ).stdout
    )
    assert first["commits"] == 0
    [row] = second["groups"][0]["changes"]
    assert row["id"] == "g1-t2-m1" and row["author"] == "周七"
    assert row["committed"].startswith("2024-07-08") and row["original"].startswith("2024-07-02")
    log = run_cli(repo, "log", "g1-t2-m1")
    assert "2024-07-08" in log.stdout and "（原 2024-07-02）" in log.stdout


def test_review_of_two_commits_by_two_authors_judges_each(repo):
    git(repo, "checkout", "-q", "-b", "both")
    edit(repo, G1T2, "title: 教师编制挂钩", "title: 教师编制与学生人数挂钩")
    commit_as(repo, "统筹办", OFFICE, "retitle")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(repo, "周七", EDUCATION, "person")
    data = json.loads(review(repo, "-f", "json").stdout)
    assert [a["party"] for a in data["authors"]] == ["区教育局", "统筹办"]
    ids = {(c["id"], tuple(x["field"] for x in c["changes"])) for c in data["changes"]}
    assert ids == {("g1-t2", ("title",)), ("g1-t2-m1", ("responsible_person",))}
    # The unit's contact person may set the responsible person, not retitle the task.
    [violation] = data["violations"]
    assert violation["id"] == "g1-t2" and violation["author"].startswith("周七")
    assert "修改任务只能由统筹办进行" in violation["rule"]


def test_review_refuses_a_branch_whose_file_cannot_be_read(repo):
    git(repo, "checkout", "-q", "-b", "broken")
    edit(repo, G1T2, "title: 教师编制挂钩", "title: [教师编制挂钩")
    commit_as(repo, "周七", EDUCATION, "broken")
    result = review(repo)
    assert result.exit_code == 1
    assert f"错误：{G1T2}：这个文件的一个版本无法读取" in result.stdout
    assert "删除" not in result.stdout  # not every measure reported as removed
