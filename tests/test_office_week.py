"""The README's office week runs as written on a copy of the plan's ledger, and the record agrees.

An instruction item is created, given a cadence and a milestone, acknowledged, reminded (by a real
SMTP server and a real HTTP server on localhost), reported on with problems and next steps, asked
to close, returned, asked again and approved; the notice, the assessment and the dossier follow.
"""

from __future__ import annotations

import email
import email.policy
import re
import shlex
from pathlib import Path

import docx
from test_send import bot_server, smtp_server  # noqa: F401  (fixtures)

from qc_ledger.store.yaml import parse_fast

from conftest import COMMIT_ENV, REPO, git, run_cli

DAYS = {"周一": "2025-06-23", "周三": "2025-06-25", "周四": "2025-06-26", "周五": "2025-06-27"}
PLANNING = "  - name: 区发展改革局\n    short_name: 区发改局\n    kind: 区直部门\n"


def week() -> list[tuple[str, list[str]]]:
    """The commands of the README's office week, each with the day it runs on."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 统筹办的一周") :]
    block = section[section.index("```bash\n") + len("```bash\n") : section.index("\n```\n")]
    steps, day = [], None
    for line in block.splitlines():
        if line.startswith("# "):
            day = DAYS[line.split()[1]]
        else:
            steps.append((day, shlex.split(line)))
    return steps


def _with_contact_mail(root: Path) -> None:
    units = root / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    old = PLANNING + "    aliases:\n      - 区发展和改革局\n    contact: null\n"
    assert old in text
    new = old.replace(
        "contact: null\n", "contact:\n      name: 李四\n      email: fgj@example.org\n"
    )
    units.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-qam", "区发展改革局的联系人")


def test_the_office_week_runs_as_written_and_the_record_agrees(
    plan_copy,
    tmp_path,
    monkeypatch,
    smtp_server,  # noqa: F811
    bot_server,  # noqa: F811
):
    inbox, port = smtp_server
    _with_contact_mail(plan_copy)
    monkeypatch.chdir(tmp_path)  # the week's -o files land here
    send = {
        "LEDGER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "LEDGER_MAIL_FROM": "tongchou@example.org",
        "LEDGER_WEBHOOK_URL": f"http://127.0.0.1:{bot_server.server_address[1]}/hook#wecom",
    }
    said: dict[str, str] = {}
    for day, argv in week():
        assert argv[0] == "ledger"
        stamp = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
        result = run_cli(plan_copy, *argv[1:], today=day, **{**COMMIT_ENV, **send, **stamp})
        assert result.exit_code == 0, (argv, result.stdout, result.stderr)
        said[" ".join(argv[1:4])] = result.stdout
        if "--dry-run" in argv:
            assert inbox.envelopes == [] and bot_server.received == []

    # Nothing left uncommitted; the item's file holds the whole story in order.
    assert git(plan_copy, "status", "--porcelain") == ""
    path = plan_copy / "data/tasks/db-t1.yaml"
    task = parse_fast(path.read_text(encoding="utf-8"), path)
    assert task["source"]["kind"] == "instruction"
    [measure] = task["measures"]
    assert measure["cadence"] == "weekly" and measure["milestones"][0]["progress"] == 50
    assert [r["unit"] for r in measure["receipts"]] == ["区发展改革局"]
    assert [step["action"] for step in measure["closing"]] == [
        "request",
        "reject",
        "request",
        "approve",
    ]
    assert measure["closing"][1]["note"] == "未附常务会纪要原件"
    assert measure["status"] == "done" and measure["progress"] == 100
    assert measure["progress_log"][0]["problems"] == "用地指标待市里下达"

    # The cooperating unit had not signed on Monday; it was reminded, by mail and by the bot.
    assert "db-t1-m1" in said["list --unacknowledged"]
    [mail] = [e for e in inbox.envelopes if e.rcpt_tos == ["fgj@example.org"]]
    message = email.message_from_bytes(mail.content, policy=email.policy.default)
    assert message.get_content().rstrip("\n") in said["reminders --send --dry-run"]
    assert bot_server.received and any(
        "区财政局" in str(posted) and "db-t1-m1" in str(posted) for _, posted in bot_server.received
    )
    assert "区财政局" in (plan_copy / "data/office.yaml").read_text(encoding="utf-8")

    # History and the assessment agree: the request was refused once and approved later.
    history = run_cli(plan_copy, "log", "db-t1-m1", today=DAYS["周五"]).stdout
    for words in ("申请办结", "退回", "审核办结", "签收"):
        assert words in history
    assessed = said["assess --kind 领导批示"]
    assert re.search(r"区发展改革局\s+1\s+0\s+100\b", assessed), assessed
    assert "db-t1-m1" in said["list --closing"] and "待审核办结" in said["list --closing"]

    # The notice and the dossier are written, and the dossier tells the item's whole story.
    assert (tmp_path / "本周通报.docx").stat().st_size > 0
    text = "\n".join(
        cell.text
        for table in docx.Document(str(tmp_path / "冷链物流园.docx")).tables
        for row in table.rows
        for cell in row.cells
    )
    for words in (
        "区长在《专报》上的批示",
        "未附常务会纪要原件",
        "用地指标待市里下达",
        "纪要原件扫描件.pdf",
    ):
        assert words in text
