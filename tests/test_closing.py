"""Receipt (签收) and closing (办结申请 → 审核): ack, close, the flags and lists, reminders, history,
assess and review on real repositories."""

from __future__ import annotations

import json

import pytest
from test_review import EDUCATION, OFFICE, commit_as, edit, review

from qc_ledger.load.loader import load_ledger

from conftest import G1T2, git, run_cli

G1T1 = "data/tasks/g1-t1.yaml"
ITEM_SOURCE = "source:\n  kind: instruction\n  document: 区长批示\n  date: 2024-07-01\n"


def approval_on(root) -> None:
    """Closing needs the office's approval (rules.closing.approval)."""
    rules = root / "data/rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "closing:\n  approval: true\n", encoding="utf-8"
    )


def as_item(root) -> None:
    """g1-t2 becomes a leader's instruction (督办件): its units must acknowledge it."""
    edit(root, G1T2, "title: 教师编制挂钩\n", "title: 教师编制挂钩\n" + ITEM_SOURCE)


def register_education(root) -> None:
    """区教育局's contact commits as EDUCATION."""
    edit(
        root,
        "data/units.yaml",
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n",
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n"
        f"    accounts:\n      - {EDUCATION}\n",
    )


def measure(root, measure_id: str):
    return load_ledger(root).measures[measure_id][1]


def committed(root) -> None:
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "setup")


def json_of(root, *args, **env):
    result = run_cli(root, *args, "-f", "json", **env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------
# Receipt


def test_ack_signs_for_the_unit_once_and_a_second_time_changes_nothing(mini):
    as_item(mini)
    committed(mini)
    listed = run_cli(mini, "list", "--unacknowledged")
    assert "g1-t2-m1" in listed.stdout and "签收超期" in listed.stdout
    first = run_cli(mini, "ack", "g1-t2-m1", "--unit", "区教育局", "--note", "已收到", "--commit")
    assert first.exit_code == 0, first.stderr
    assert "签收：2024-07-15 区教育局" in first.stdout
    [receipt] = measure(mini, "g1-t2-m1").receipts
    assert (receipt.unit, str(receipt.date), receipt.note) == ("区教育局", "2024-07-15", "已收到")
    assert git(mini, "log", "-1", "--format=%s").strip() == "g1-t2-m1: 区教育局签收"
    before = (mini / G1T2).read_bytes()
    again = run_cli(mini, "ack", "g1-t2-m1", "--unit", "区教育局", "--commit")
    assert again.exit_code == 0
    assert again.stdout == "区教育局已签收过 g1-t2-m1，没有改动。\n"
    assert (mini / G1T2).read_bytes() == before
    # The cooperating unit still owes its receipt (receipt.units: lead_and_cooperating).
    still = run_cli(mini, "show", "g1-t2-m1").stdout
    assert "未签收     区财政局" in still


def test_ack_refuses_a_unit_not_on_the_measure_and_asks_for_one_when_unknown(mini):
    as_item(mini)
    before = (mini / G1T2).read_bytes()
    other = run_cli(mini, "ack", "g1-t2-m1", "--unit", "区发改局")
    assert other.exit_code == 2
    assert "不由区发展改革局牵头或配合" in other.stderr and "区教育局、区财政局" in other.stderr
    unknown = run_cli(mini, "ack", "g1-t2-m1", "--unit", "区教育厅")
    assert unknown.exit_code == 2 and "区教育局" in unknown.stderr
    anonymous = run_cli(mini, "ack", "g1-t2-m1")
    assert anonymous.exit_code == 2 and "--unit" in anonymous.stderr
    assert (mini / G1T2).read_bytes() == before


def test_ack_takes_the_unit_from_the_signers_registered_account(mini):
    as_item(mini)
    register_education(mini)
    result = run_cli(mini, "ack", "g1-t2-m1", "--author", f"周七 <{EDUCATION}>")
    assert result.exit_code == 0, result.stderr
    [receipt] = measure(mini, "g1-t2-m1").receipts
    assert (receipt.unit, receipt.author) == ("区教育局", "周七")


def test_ack_refuses_a_contact_signing_for_another_unit(mini):
    as_item(mini)
    register_education(mini)
    before = (mini / G1T2).read_bytes()
    result = run_cli(
        mini, "ack", "g1-t2-m1", "--unit", "区财政局", "--author", f"周七 <{EDUCATION}>"
    )
    assert result.exit_code == 2
    assert "登记为区教育局的联系人，不能为区财政局签收" in result.stderr
    assert (mini / G1T2).read_bytes() == before


def test_ack_of_work_that_needs_no_receipt_writes_nothing(mini):
    before = (mini / G1T1).read_bytes()
    result = run_cli(mini, "ack", "g1-t1-m2", "--unit", "区教育局")
    assert result.exit_code == 2
    assert "方案措施，按 data/rules.yaml 的 receipt.kinds 不须签收" in result.stderr
    assert (mini / G1T1).read_bytes() == before


def test_ack_of_a_task_signs_each_open_measure_the_unit_is_on(mini):
    edit(mini, G1T1, "title: 均衡配置教育资源\n", "title: 均衡配置教育资源\n" + ITEM_SOURCE)
    result = run_cli(mini, "ack", "g1-t1", "--unit", "区财政局")
    assert result.exit_code == 0, result.stderr
    ledger = load_ledger(mini)
    signed = {m.id: [r.unit for r in m.receipts] for m in ledger.tasks["g1-t1"].measures}
    # g1-t1-m1 is done (nothing to sign); the finance bureau cooperates on g1-t1-m2 only.
    assert signed == {"g1-t1-m1": [], "g1-t1-m2": ["区财政局"]}
    assert "g1-t1-m2 签收" not in result.stdout  # one measure: no id prefix
    group = run_cli(mini, "ack", "g1", "--unit", "区财政局")
    assert group.exit_code == 2 and "工作组" in group.stderr


def test_unacknowledged_work_is_counted_in_status_and_reminded(mini):
    as_item(mini)
    status = run_cli(mini, "status").stdout
    assert "未签收 1 项措施（2 个单位，其中 1 项已超过签收期限）" in status
    reminders = json_of(mini, "reminders")
    owed = {
        unit["unit"]: [(i["measure_id"], i["state"]) for i in unit["items"]]
        for unit in reminders["units"]
    }
    assert ("g1-t2-m1", "unsigned") in owed["区财政局"]
    assert ("g1-t2-m1", "unsigned") in owed["区教育局"]
    text = run_cli(mini, "reminders").stdout
    assert "未签收 2 项" in text and "签收期限 2024-07-04" in text
    assert "未签收 1 项：g1-t2-m1" in run_cli(mini, "unit", "区财政局").stdout
    run_cli(mini, "ack", "g1-t2-m1", "--unit", "区财政局")
    run_cli(mini, "ack", "g1-t2-m1", "--unit", "区教育局")
    assert "未签收" not in run_cli(mini, "status").stdout
    after = json_of(mini, "reminders")
    assert all(i["state"] != "unsigned" for u in after["units"] for i in u["items"])


def test_plan_measures_need_no_receipt_by_default(mini):
    assert "未签收" not in run_cli(mini, "list").stdout
    listed = run_cli(mini, "list", "--unacknowledged")
    assert listed.exit_code == 0 and "没有符合条件的措施。" in listed.stdout


# ---------------------------------------------------------------------------------------------
# Closing


def test_request_reject_request_approve_with_history_and_assess_agreeing(mini):
    approval_on(mini)
    committed(mini)
    asked = run_cli(
        mini,
        "update",
        "g1-t1-m2",
        "--status",
        "done",
        "--note",
        "制度已印发",
        "--commit",
        today="2024-06-20",
    )
    assert asked.exit_code == 0, asked.stderr
    assert "已申请办结，待统筹办审核" in asked.stdout
    requested = measure(mini, "g1-t1-m2")
    assert (requested.status, requested.progress) == ("in_progress", 100)
    assert [s.action for s in requested.closing] == ["request"]
    assert "g1-t1-m2" in run_cli(mini, "list", "--closing", today="2024-06-21").stdout
    twice = run_cli(
        mini, "update", "g1-t1-m2", "--status", "done", "--note", "再", today="2024-06-21"
    )
    assert twice.exit_code == 1 and "正等统筹办审核" in twice.stderr
    returned = run_cli(
        mini,
        "close",
        "g1-t1-m2",
        "--reject",
        "--reason",
        "未附文件",
        "--commit",
        today="2024-06-25",
    )
    assert returned.exit_code == 0, returned.stderr
    assert measure(mini, "g1-t1-m2").status == "in_progress"
    assert "g1-t1-m2" not in run_cli(mini, "list", "--closing", today="2024-06-26").stdout
    nothing = run_cli(mini, "close", "g1-t1-m2", "--approve", today="2024-06-26")
    assert nothing.exit_code == 1 and "已于 2024-06-25 退回" in nothing.stderr
    again = run_cli(
        mini,
        "update",
        "g1-t1-m2",
        "--status",
        "done",
        "--evidence",
        "测教〔2024〕9号",
        "--commit",
        today="2024-06-28",
    )
    assert again.exit_code == 0, again.stderr
    # Requested on time, not yet approved after the deadline: the request is not done.
    waiting = json_of(mini, "assess", "--explain", "区教育局", today="2024-07-05")
    earned = [(p["rule"], p["measure_id"]) for p in waiting["points"]]
    assert ("overdue", "g1-t1-m2") in earned
    assert ("done_on_time", "g1-t1-m2") not in earned
    assert json_of(mini, "status", today="2024-07-05")["total"]["counts"]["done"] == 1
    approved = run_cli(
        mini, "close", "g1-t1-m2", "--approve", "--note", "同意", "--commit", today="2024-07-10"
    )
    assert approved.exit_code == 0, approved.stderr
    done = measure(mini, "g1-t1-m2")
    assert (done.status, done.progress) == ("done", 100)
    assert [s.action for s in done.closing] == ["request", "reject", "request", "approve"]
    # Finished on the day of the request the office approved, before the deadline.
    scored = json_of(mini, "assess", "--explain", "区教育局", today="2024-07-15")
    points = {(p["rule"], p["measure_id"]): p["reason"] for p in scored["points"]}
    assert points[("done_on_time", "g1-t1-m2")].startswith("2024-06-28 按期完成")
    assert ("overdue", "g1-t1-m2") not in points
    log = run_cli(mini, "log", "g1-t1-m2").stdout
    for line in (
        "申请办结：2024-06-20",
        "退回：2024-06-25",
        "申请办结：2024-06-28",
        "审核办结：2024-07-10",
    ):
        assert line in log, log
    assert "未附文件" in log
    # g1-t1-m1 was done before approval was switched on: settled, the ledger validates.
    assert run_cli(mini, "close", "g1-t1-m1", "--approve").exit_code == 0
    assert run_cli(mini, "validate").exit_code == 0


def test_without_approval_done_is_done_as_before(mini):
    result = run_cli(mini, "update", "g1-t1-m2", "--status", "done", "--note", "完成")
    assert result.exit_code == 0 and "申请办结" not in result.stdout
    assert measure(mini, "g1-t1-m2").status == "done"
    assert measure(mini, "g1-t1-m2").closing == []


def test_close_refuses_without_a_request_and_bad_option_pairs(mini):
    approval_on(mini)
    before = (mini / G1T1).read_bytes()
    nothing = run_cli(mini, "close", "g1-t1-m2", "--reject", "--reason", "x")
    assert nothing.exit_code == 1 and "没有待审核的办结申请" in nothing.stderr
    assert "ledger update g1-t1-m2 --status done" in nothing.stderr
    for args in ((), ("--approve", "--reject"), ("--reject",), ("--approve", "--reason", "x")):
        result = run_cli(mini, "close", "g1-t1-m2", *args)
        assert result.exit_code == 2, args
    task = run_cli(mini, "close", "g1-t1", "--approve")
    assert task.exit_code == 2 and "ledger list --closing" in task.stderr
    assert (mini / G1T1).read_bytes() == before


def test_done_without_the_offices_approval_fails_validation_until_the_office_decides(mini):
    # g1-t1-m1 was marked done before closing needed approval: with approval on, CI refuses it.
    approval_on(mini)
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "g1-t1-m1 标为已完成，但没有统筹办审核办结的记录" in result.stdout + result.stderr
    assert "ledger close g1-t1-m1 --approve" in result.stdout + result.stderr
    # Other commands still load, so the office can settle it: approve it after the fact.
    settled = run_cli(mini, "close", "g1-t1-m1", "--approve")
    assert settled.exit_code == 0, settled.stderr
    assert [step.action for step in measure(mini, "g1-t1-m1").closing] == ["approve"]
    assert run_cli(mini, "validate").exit_code == 0
    again = run_cli(mini, "close", "g1-t1-m1", "--approve")
    assert again.exit_code == 1 and "已办结" in again.stderr


def test_the_office_returns_a_measure_marked_done_by_hand(mini):
    approval_on(mini)
    result = run_cli(mini, "close", "g1-t1-m1", "--reject", "--reason", "未见印发文件")
    assert result.exit_code == 0, result.stderr
    returned = measure(mini, "g1-t1-m1")
    assert returned.status == "in_progress" and returned.closing[-1].note == "未见印发文件"
    assert run_cli(mini, "validate").exit_code == 0


# ---------------------------------------------------------------------------------------------
# Review


@pytest.fixture
def office_repo(mini):
    """Accounts, a policy allowing receipts and closing requests, and approval on; committed."""
    register_education(mini)
    (mini / "data/policy.yaml").write_text(
        f"office_accounts:\n  - {OFFICE}\n"
        "unit_fields: [status, progress, progress_log, evidence, receipts, closing]\n"
        "units_act_on: lead_or_cooperating\n"
        "append_only: [progress_log, deadline_history, receipts, closing]\n",
        encoding="utf-8",
    )
    approval_on(mini)
    as_item(mini)
    committed(mini)
    git(mini, "checkout", "-q", "-b", "work")
    return mini


def _violations(root) -> list[tuple[str, str | None]]:
    result = review(root, "-f", "json")
    return [(v["id"], v["field"]) for v in json.loads(result.stdout)["violations"]]


def test_review_lets_a_unit_sign_for_itself_and_request_closing(office_repo):
    run_cli(office_repo, "ack", "g1-t2-m1", "--unit", "区教育局")
    run_cli(office_repo, "update", "g1-t1-m2", "--status", "done", "--note", "制度已印发")
    commit_as(office_repo, "周七", EDUCATION, "receipt and request")
    assert _violations(office_repo) == []
    assert review(office_repo).exit_code == 0


def test_review_refuses_a_unit_signing_for_another(office_repo):
    run_cli(office_repo, "ack", "g1-t2-m1", "--unit", "区财政局")
    commit_as(office_repo, "周七", EDUCATION, "receipt for another")
    result = review(office_repo)
    assert result.exit_code == 1
    assert "只能为本单位签收" in result.stdout


def test_review_refuses_a_unit_approving_or_marking_done(office_repo):
    run_cli(office_repo, "update", "g1-t1-m2", "--status", "done", "--note", "制度已印发")
    commit_as(office_repo, "周七", EDUCATION, "request")
    run_cli(office_repo, "close", "g1-t1-m2", "--approve")
    commit_as(office_repo, "周七", EDUCATION, "approve own request")
    result = review(office_repo)
    assert result.exit_code == 1
    assert "单位写入了“审核办结”：审核办结和退回只由统筹办做" in result.stdout
    assert "单位把状态改为已完成" in result.stdout
    assert {("g1-t1-m2", "closing"), ("g1-t1-m2", "status")} <= set(_violations(office_repo))


def test_review_refuses_a_unit_setting_done_by_hand_and_lets_the_office_close(office_repo):
    edit(office_repo, G1T2, "    status: not_started\n    progress: 0\n    progress_log: []\n",
         "    status: done\n    progress: 100\n    progress_log:\n      - date: 2024-07-02\n"
         "        note: 已完成。\n        status: done\n        progress: 100\n")  # fmt: skip
    commit_as(office_repo, "周七", EDUCATION, "done by hand")
    assert _violations(office_repo) == [("g1-t2-m1", "status")]
    assert (
        "单位把状态改为已完成：rules.yaml 的 closing.approval 为 true" in review(office_repo).stdout
    )
    git(office_repo, "reset", "-q", "--hard", "main")
    run_cli(office_repo, "update", "g1-t1-m2", "--status", "done", "--note", "制度已印发")
    run_cli(office_repo, "close", "g1-t1-m2", "--approve")
    commit_as(office_repo, "统筹办", OFFICE, "the office closes")
    assert review(office_repo).exit_code == 0


def test_a_form_reporting_done_is_a_request_under_approval(mini, tmp_path):
    from test_forms import BODY

    approval_on(mini)
    body = tmp_path / "body.md"
    body.write_text(BODY.replace("推进中\n", "已完成\n").replace("\n30\n", "\n100\n"), "utf-8")
    reply = tmp_path / "reply.md"
    result = run_cli(mini, "apply-form", str(body), "--reply", str(reply))
    assert result.exit_code == 0, result.stderr
    reported = measure(mini, "g1-t2-m1")
    assert (reported.status, reported.progress) == ("in_progress", 100)
    assert [step.action for step in reported.closing] == ["request"]
    assert "申请办结" in reply.read_text(encoding="utf-8")


def test_reminders_send_and_record_the_receipts_owed(mini):
    as_item(mini)
    hook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY"
    sent = run_cli(
        mini, "reminders", "--send", "--dry-run", LEDGER_SMTP_URL="", LEDGER_WEBHOOK_URL=hook
    )
    assert sent.exit_code == 0, sent.stderr
    assert (
        "g1-t2-m1 教师编制挂钩：未签收，签收期限 2024-07-04（ledger ack g1-t2-m1）" in sent.stdout
    )
    assert "未签收 2 项" in sent.stdout
    recorded = run_cli(mini, "reminders", "--record")
    assert recorded.exit_code == 0, recorded.stderr
    office = load_ledger(mini).office
    [finance] = [r for r in office.reminders if r.unit == "区财政局"]
    assert finance.measures == ["g1-t2-m1"]
    # Recorded once: the next reminder of the same receipt is the second.
    again = run_cli(mini, "reminders", "--unit", "区财政局", today="2024-07-20")
    assert "区财政局（第 2 次催办）" in again.stdout
