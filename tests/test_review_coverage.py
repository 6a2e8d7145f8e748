"""`ledger review` covers every file, reads rights at the base's tip, sees moves, back-dated entries
and merge-only branches, and takes identities from the platform: on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review import EDUCATION, OFFICE, commit_as, edit, repo, review  # noqa: F401

from conftest import G1T2, G2T1, git, run_cli

TOWN = "yt@qingcheng.example"  # 源潭镇's contact person: cooperates on g2-t1-m1


@pytest.fixture
def town(repo):  # noqa: F811
    """The fixture repository with 源潭镇's contact person registered on main too."""
    edit(
        repo,
        "data/units.yaml",
        "  - name: 源潭镇\n    kind: 街镇\n    aliases: []\n    contact: null\n",
        f"  - name: 源潭镇\n    kind: 街镇\n    aliases: []\n    contact: null\n"
        f"    accounts:\n      - {TOWN}\n",
    )
    commit_as(repo, "统筹办", OFFICE, "register the town")
    return repo


def violations(root, *args: str, today: str = "2024-07-15") -> list[tuple]:
    result = run_cli(root, "review", "main", "HEAD", "-f", "json", *args, today=today)
    data = json.loads(result.stdout)
    assert result.exit_code == (1 if data["violations"] else 0)
    return [(v["id"], v["field"], v["rule"]) for v in data["violations"]]


def test_a_unit_changing_a_workflow_or_the_tools_code_is_refused(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "sneaky")
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/review.yml").write_text("on: push\n", encoding="utf-8")
    (repo / "qc_ledger").mkdir()
    (repo / "qc_ledger/review.py").write_text("ALLOWED = True\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs/说明.md").write_text("说明\n", encoding="utf-8")
    git(repo, "add", ".")
    commit_as(repo, "周七", EDUCATION, "tool")
    found = violations(repo)
    rule = "台账数据以外的文件只能由统筹办修改（区教育局的联系人无此权限）"
    assert (".github/workflows/review.yml", None, rule) in found
    assert ("qc_ledger/review.py", None, rule) in found
    assert ("docs/说明.md", None, rule) in found
    # The office may; the policy on main may open some files to the units.
    assert violations(repo, "--author", "qc-office") == []
    git(repo, "checkout", "-q", "main")
    (repo / "data/policy.yaml").write_text(
        (repo / "data/policy.yaml").read_text(encoding="utf-8") + "open_files: [docs/*]\n",
        encoding="utf-8",
    )
    commit_as(repo, "统筹办", OFFICE, "open the docs")
    assert run_cli(repo, "validate").exit_code == 0
    git(repo, "checkout", "-q", "sneaky")
    assert [path for path, _, _ in violations(repo)] == [
        ".github/workflows/review.yml",
        "qc_ledger/review.py",
    ]


def test_an_unregistered_author_of_only_other_files_is_refused(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "stranger")
    (repo / ".gitattributes").write_text("* -text\n", encoding="utf-8")
    git(repo, "add", ".")
    commit_as(repo, "某人", "someone@example.net", "attributes")
    [(_, _, rule)] = violations(repo)
    assert rule.startswith("提交者未登记")


def test_a_login_that_only_ends_in_an_office_handle_is_not_the_office(repo):  # noqa: F811
    from qc_ledger.collab.identity import handles

    assert handles("1-qc-office@users.noreply.github.com") == {"@1-qc-office"}
    assert handles("12+qc-office@users.noreply.github.com") == {"@qc-office"}
    assert handles("12-qc-office@users.noreply.gitlab.com") == {"@qc-office"}
    assert handles("qc-office@noreply.gitea.example") == {"@qc-office"}
    git(repo, "checkout", "-q", "-b", "pretender")
    edit(repo, G1T2, "title: 教师编制挂钩", "title: 改过的标题")
    commit_as(repo, "qc", "1-qc-office@users.noreply.github.com", "retitle")
    assert violations(repo)[0][2].startswith("提交者未登记")
    assert violations(repo, "--author", "1-qc-office")[0][2].startswith("提交者未登记")
    assert violations(repo, "--author", "qc-office") == []


def test_a_branch_whose_only_commit_is_a_merge_is_judged(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "side")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(repo, "统筹办", OFFICE, "side")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "side", "-m", "side", env=_who("统筹办", OFFICE))
    git(repo, "checkout", "-q", "-b", "merged", "main~1")
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "side")
    edit(repo, G1T2, "deadline: 2025-06-30", "deadline: 2026-06-30")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "merge side", env=_who("周七", EDUCATION))
    data = json.loads(review(repo, "-f", "json").stdout)
    assert [a["party"] for a in data["authors"]] == ["区教育局"]
    assert ("g1-t2-m1", "deadline") in {(v["id"], v["field"]) for v in data["violations"]}


def test_rights_come_from_the_bases_tip_a_revoked_contact_is_refused(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "old-report")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(repo, "周七", EDUCATION, "report")
    assert violations(repo) == []
    git(repo, "checkout", "-q", "main")
    edit(repo, "data/units.yaml", f"      - {EDUCATION}\n", "")
    commit_as(repo, "统筹办", OFFICE, "revoke")
    git(repo, "checkout", "-q", "old-report")
    assert violations(repo)[0][2].startswith("提交者未登记")


def test_measure_ownership_comes_from_the_bases_tip(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "old-report")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(repo, "周七", EDUCATION, "report")
    git(repo, "checkout", "-q", "main")
    edit(repo, G1T2, "lead_unit: 区教育局", "lead_unit: 区财政局")
    edit(repo, G1T2, "      - 区财政局\n", "      - 源潭镇\n")
    commit_as(repo, "统筹办", OFFICE, "handed over")
    git(repo, "checkout", "-q", "old-report")
    assert violations(repo) == [
        ("g1-t2-m1", None, "措施 g1-t2-m1 不由区教育局牵头或配合，不能修改")
    ]


def _entry(day: str, note: str) -> str:
    return (
        f"      - date: {day}\n        author: 源潭镇\n        note: {note}\n"
        "        status: done\n        progress: 100\n"
    )


def test_a_back_dated_entry_is_flagged(town):
    git(town, "checkout", "-q", "-b", "backdated")
    edit(
        town,
        G2T1,
        "        progress: 20\n    evidence: []",
        "        progress: 20\n" + _entry("2024-06-20", "早已完成。") + "    evidence: []",
    )
    commit_as(town, "源潭镇", TOWN, "done long ago")
    [(record, field, rule)] = violations(town)
    assert (record, field) == ("g2-t1-m1", "progress_log")
    assert rule.startswith("进展记录的日期 2024-06-20 早于这项措施已有的最新记录（2024-07-01）")


def test_an_entry_long_before_the_review_is_flagged_by_the_policys_days(town):
    git(town, "checkout", "-q", "-b", "late")
    edit(
        town,
        G2T1,
        "        progress: 20\n    evidence: []",
        "        progress: 20\n" + _entry("2024-07-01", "补记。") + "    evidence: []",
    )
    commit_as(town, "源潭镇", TOWN, "late")
    [(_, field, rule)] = violations(town, today="2024-07-20")
    assert field == "progress_log"
    assert "比审核当天（2024-07-20）早 19 天，超过 14 天" in rule
    assert violations(town, today="2024-07-10") == []
    git(town, "checkout", "-q", "main")
    edit(town, "data/policy.yaml", "units_act_on:", "backdate_days: 30\nunits_act_on:")
    commit_as(town, "统筹办", OFFICE, "a month")
    git(town, "checkout", "-q", "late")
    assert violations(town, today="2024-07-20") == []


def test_a_moved_task_file_shows_as_a_move_with_its_changed_deadline(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "moved")
    (repo / "data/tasks/g1").mkdir()
    git(repo, "mv", G1T2, "data/tasks/g1/g1-t2.yaml")
    edit(repo, "data/tasks/g1/g1-t2.yaml", "deadline: 2025-06-30", "deadline: 2025-12-31")
    commit_as(repo, "周七", EDUCATION, "move")
    result = review(repo)
    assert "删除" not in result.stdout and "新增" not in result.stdout
    assert f"移动：{G1T2} → data/tasks/g1/g1-t2.yaml" in result.stdout
    assert "完成时限：2025-06-30 → 2025-12-31" in result.stdout
    md = review(repo, "-f", "md").stdout
    assert f"| 任务 g1-t2 | 文件位置 | {G1T2} | data/tasks/g1/g1-t2.yaml |" in md
    assert "| 措施 g1-t2-m1 | 完成时限 | 2025-06-30 | 2025-12-31 |" in md
    data = json.loads(review(repo, "-f", "json").stdout)
    task = next(c for c in data["changes"] if c["id"] == "g1-t2")
    assert task["moved"] == {"from": G1T2, "to": "data/tasks/g1/g1-t2.yaml"}
    measure = next(c for c in data["changes"] if c["id"] == "g1-t2-m1")
    assert [c["field"] for c in measure["changes"]] == ["deadline"]
    rules = [(v["id"], v["rule"]) for v in data["violations"]]
    assert ("g1-t2", "把任务移到另一个文件只能由统筹办进行（区教育局的联系人无此权限）") in rules
    # One violation for the move of the file, none for each measure carried along.
    assert not any(r.startswith("把措施移到") for _, r in rules)


def test_another_units_commit_in_a_platform_authors_pull_request_needs_the_office(town):
    git(town, "checkout", "-q", "-b", "two")
    edit(town, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(town, "周七", EDUCATION, "mine")
    edit(town, G2T1, "deliverable: 先行区规划", "deliverable: 先行区规划（修订）")
    commit_as(town, "源潭镇", TOWN, "theirs")
    found = violations(town, "--author", "zhou7")
    assert ("", None, "合并请求中有不是其作者的人的提交：这些修改须由统筹办审核") in found


def _who(name: str, email: str) -> dict:
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": "2024-07-03T09:00:00",
        "GIT_COMMITTER_DATE": "2024-07-03T09:00:00",
    }


EVENTS = Path(__file__).parent / "fixtures" / "events"


def test_each_platforms_event_names_the_pull_requests_author_exactly():
    from qc_ledger.usecases.review import read_platform_event

    github = read_platform_event(EVENTS / "github-pull_request_target.json")
    # The author, not the sender who (re)opened it.
    assert (github.login, github.platform) == ("zhou7", "github")
    assert github.base_sha == "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
    gitea = read_platform_event(EVENTS / "gitea-pull_request.json")
    assert (gitea.login, gitea.platform) == ("1-qc-office", "gitea")
    gitlab = read_platform_event(EVENTS / "gitlab-merge_request.json")
    assert (gitlab.login, gitlab.platform) == ("qc-office", "gitlab")
    assert gitlab.head_sha == "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"


def test_gitlabs_webhook_and_a_bad_login_are_refused(tmp_path):
    from qc_ledger.errors import UsageError
    from qc_ledger.usecases.review import read_platform_event

    with pytest.raises(UsageError) as caught:
        read_platform_event(EVENTS / "gitlab-webhook.json")
    assert "user 是触发的人，不是合并请求的作者" in caught.value.problems[0].message
    forged = tmp_path / "event.json"
    forged.write_text('{"pull_request": {"user": {"login": "a b"}}}', encoding="utf-8")
    with pytest.raises(UsageError):
        read_platform_event(forged)
    forged.write_text("not json", encoding="utf-8")
    with pytest.raises(UsageError):
        read_platform_event(forged)


def test_review_takes_the_author_from_the_platforms_event(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "office")
    edit(repo, G1T2, "title: 教师编制挂钩", "title: 教师编制与学生人数挂钩")
    # The commit says it is the office's; the event says zhou7 opened the pull request.
    commit_as(repo, "统筹办", OFFICE, "retitle")
    event = str(EVENTS / "github-pull_request_target.json")
    result = run_cli(repo, "review", "main", "HEAD", "--platform-event", event)
    assert result.exit_code == 1
    assert "修改任务只能由统筹办进行（区教育局的联系人无此权限）" in result.stdout
    assert "身份来自平台认证的合并请求作者（登录名精确匹配）。" in result.stdout
    # A login that merely ends in the office's handle is not the office.
    gitea = str(EVENTS / "gitea-pull_request.json")
    result = run_cli(repo, "review", "main", "HEAD", "--platform-event", gitea)
    assert result.exit_code == 1 and "提交者未登记" in result.stdout
    gitlab = str(EVENTS / "gitlab-merge_request.json")
    assert run_cli(repo, "review", "main", "HEAD", "--platform-event", gitlab).exit_code == 0
    both = run_cli(repo, "review", "main", "--platform-event", gitlab, "--author", "zhou7")
    assert both.exit_code == 2 and "只能给一个" in both.stderr


def test_the_output_says_where_the_identity_came_from(repo):  # noqa: F811
    git(repo, "checkout", "-q", "-b", "local")
    edit(repo, G1T2, "responsible_person: null", "responsible_person: 周七")
    commit_as(repo, "周七", EDUCATION, "x")
    assert "提交者自己填写的，只供本机参考" in review(repo).stdout
    assert "在本机运行时这是自称的身份" in review(repo, "--author", "zhou7").stdout
    assert "在本机运行时这是自称的身份" in review(repo, "--author", "zhou7", "-f", "md").stdout
