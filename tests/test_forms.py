"""`ledger forms` and `ledger apply-form`: reporting through an issue form, through the update rules."""

from __future__ import annotations

from ruamel.yaml import YAML

from conftest import G1T2, REPO, git, run_cli

# An issue body as GitHub renders a submitted form (Gitea leaves an empty answer empty).
BODY = """### 措施

g1-t2-m1 探索建立教师编制额度与学生人数挂钩机制。

### 状态

推进中

### 进度（%）

30

### 进展情况

已完成摸底调查，
下一步测算编制。

### 佐证材料

- 测教〔2024〕9号
- https://example.org/report.pdf
"""


def snapshot(root) -> dict:
    return {p: p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))}


def test_forms_offers_every_measure_and_the_statuses(mini):
    result = run_cli(mini, "forms")
    assert result.exit_code == 0, result.stderr
    for path in (
        ".github/ISSUE_TEMPLATE/progress-report.yml",
        ".gitea/ISSUE_TEMPLATE/progress-report.yaml",
    ):
        form = YAML(typ="safe").load((mini / path).read_text(encoding="utf-8"))
        fields = {item.get("id"): item for item in form["body"]}
        options = fields["measure"]["attributes"]["options"]
        assert len(options) == len(set(options)) == 6
        assert options[0].startswith("g1-t1-m1 ")
        assert fields["status"]["attributes"]["options"][:3] == ["不改", "未启动", "推进中"]
        assert fields["note"]["validations"]["required"] is True
    assert run_cli(mini, "forms", "--check").exit_code == 0
    assert run_cli(mini, "new", "measure", "--task", "g1-t2", "--text", "新措施。").exit_code == 0
    result = run_cli(mini, "forms", "--check")
    assert result.exit_code == 1 and "progress-report.yml" in result.stderr


def test_apply_form_applies_a_real_issue_body_and_commits(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(BODY.replace("\n", "\r\n"), encoding="utf-8")
    reply = tmp_path / "reply.md"
    result = run_cli(
        mini,
        "apply-form",
        str(body),
        "--commit",
        "--author",
        "周七 <zhou7@users.noreply.github.com>",
        "--reply",
        str(reply),
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
    )
    assert result.exit_code == 0, result.stderr
    text = (mini / G1T2).read_text(encoding="utf-8")
    assert "    status: in_progress\n    progress: 30\n" in text
    assert "note: |-\n          已完成摸底调查，\n          下一步测算编制。" in text
    assert "      - 测教〔2024〕9号\n      - 'https://example.org/report.pdf'\n" in text
    assert "已按这份报送更新措施 g1-t2-m1" in reply.read_text(encoding="utf-8")
    log = git(mini, "log", "-1", "--format=%an <%ae>|%s")
    assert (
        log.strip()
        == "周七 <zhou7@users.noreply.github.com>|g1-t2-m1: 未启动 → 推进中 (30%)；佐证材料 +2"
    )


def test_apply_form_refuses_a_bad_form_listing_each_fix_and_changes_nothing(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(
        BODY.replace("g1-t2-m1 探索", "g9-t9-m9 探索")
        .replace("\n30\n", "\n三十\n")
        .replace("推进中\n", "差不多\n")
        .replace("下一步测算编制。", "联系人 13812345678"),
        encoding="utf-8",
    )
    reply = tmp_path / "reply.md"
    before = snapshot(mini)
    result = run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    assert result.exit_code == 2
    answer = reply.read_text(encoding="utf-8")
    assert "「措施」中的编号“g9-t9-m9”不存在" in answer
    assert "「状态」的值“差不多”不是可选的状态" in answer
    assert "「进度（%）」的值“三十”不是 0 到 100 的整数" in answer
    assert "「进展情况」中有个人信息（手机号 138\\*\\*\\*\\*5678）" in answer
    assert answer.count("\n- ") == 4 and "台账没有任何改动" in answer
    assert snapshot(mini) == before


def test_apply_form_speaks_of_form_fields_when_a_rule_refuses(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(BODY.replace("推进中\n", "已完成\n"), encoding="utf-8")
    reply = tmp_path / "reply.md"
    result = run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    assert result.exit_code == 2
    answer = reply.read_text(encoding="utf-8")
    assert "标记为已完成时进度应为 100，而 「进度（%）」 是 30" in answer
    assert "--progress" not in answer


def test_apply_form_refuses_personal_data_masked(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(BODY.replace("下一步测算编制。", "联系电话 13912345678"), encoding="utf-8")
    reply = tmp_path / "reply.md"
    before = snapshot(mini)
    result = run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    assert result.exit_code == 2
    answer = reply.read_text(encoding="utf-8")
    assert "139\\*\\*\\*\\*5678" in answer and "13912345678" not in answer
    assert snapshot(mini) == before


def test_apply_form_refuses_full_width_numbers(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(
        BODY.replace("下一步测算编制。", "联系电话１３９１２３４５６７８"), encoding="utf-8"
    )
    reply = tmp_path / "reply.md"
    before = snapshot(mini)
    result = run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    assert result.exit_code == 2
    answer = reply.read_text(encoding="utf-8")
    assert "「进展情况」中有个人信息（手机号 139\\*\\*\\*\\*5678）" in answer
    assert snapshot(mini) == before


def test_a_body_that_is_not_a_form_is_refused(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text("请帮忙把 g1-t2-m1 改成推进中。\n", encoding="utf-8")
    result = run_cli(mini, "apply-form", str(body))
    assert result.exit_code == 2
    assert "议题内容里找不到 「措施」、「状态」、「进展情况」 这几栏" in result.stderr


def test_markup_in_a_form_stays_text_in_the_reply(mini, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(
        BODY.replace("\n30\n", "\n[点我](https://evil.example) @office\n"), encoding="utf-8"
    )
    reply = tmp_path / "reply.md"
    run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    answer = reply.read_text(encoding="utf-8")
    assert "\\[点我\\](https://evil.example)" in answer


def test_the_repository_forms_match_the_plan():
    assert run_cli(REPO, "forms", "--check").exit_code == 0


def test_apply_form_stays_linear_in_its_input(mini, tmp_path):
    import time

    body = tmp_path / "body.md"
    # A heading with a long run of spaces made the heading pattern backtrack quadratically.
    padded = BODY.replace("### 佐证材料", "### 佐证材料" + " \t" * 100_000 + "x")
    body.write_text(padded + "\n\n" + "填写说明 " * 50_000, encoding="utf-8")
    started = time.monotonic()
    result = run_cli(mini, "apply-form", str(body))
    assert time.monotonic() - started < 5
    assert result.exit_code == 0, result.stderr
    assert "进度 30%" in run_cli(mini, "show", "g1-t2-m1").stdout
