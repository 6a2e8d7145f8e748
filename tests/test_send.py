"""`ledger reminders --send`: a real SMTP server and a real HTTP server on localhost receive exactly
what the dry run shows, nothing is sent without --send, group messages keep to the size limits."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from qc_ledger.reports.reminder_messages import SIZE_LIMITS, group_texts, mails
from qc_ledger.reports.reminders import Owed, RemindersReport, UnitReminder

from conftest import COMMIT_ENV, run_cli

NO_SEND_ENV = {"LEDGER_SMTP_URL": None, "LEDGER_MAIL_FROM": None, "LEDGER_WEBHOOK_URL": None}
EDUCATION = "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n"
WITH_MAIL = (
    "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact:\n"
    "      name: 王五\n      email: jiaoyu@example.org\n"
)


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


class Bot(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append((self.path, json.loads(self.rfile.read(length))))
        answer = json.dumps(self.server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def bot_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Bot)
    server.received = []
    server.answer = {"errcode": 0, "errmsg": "ok"}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _with_contact_mail(root: Path) -> None:
    units = root / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    assert EDUCATION in text
    units.write_text(text.replace(EDUCATION, WITH_MAIL), encoding="utf-8")


def _env(smtp_port: int, bot: ThreadingHTTPServer) -> dict[str, str]:
    return {
        "LEDGER_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LEDGER_MAIL_FROM": "dudu@example.org",
        "LEDGER_WEBHOOK_URL": f"http://127.0.0.1:{bot.server_address[1]}/send?key=k3y#wecom",
    }


def test_send_delivers_exactly_what_the_dry_run_shows(mini, smtp_server, bot_server):
    inbox, port = smtp_server
    _with_contact_mail(mini)
    env = _env(port, bot_server)
    preview = run_cli(mini, "reminders", "--send", "--dry-run", **env)
    assert preview.exit_code == 0, preview.stdout + preview.stderr
    assert inbox.envelopes == [] and bot_server.received == []
    assert "k3y" not in preview.stdout

    sent = run_cli(mini, "reminders", "--send", "--record", **env, **COMMIT_ENV)
    assert sent.exit_code == 0, sent.stdout + sent.stderr
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["jiaoyu@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["From"] == "dudu@example.org"
    assert f"收件人：区教育局 <{message['To']}>" in preview.stdout
    assert f"主题：{message['Subject']}" in preview.stdout
    body = message.get_content().rstrip("\n")
    assert "g1-t2-m1" in body and body in preview.stdout
    [(path, posted)] = bot_server.received
    assert path == "/send?key=k3y"
    assert json.dumps(posted, ensure_ascii=False, indent=2) in preview.stdout
    assert "区教育局" in posted["markdown"]["content"]
    office = (mini / "data" / "office.yaml").read_text(encoding="utf-8")
    assert "区教育局" in office and "g1-t2-m1" in office


def test_nothing_is_sent_without_send(mini, smtp_server, bot_server):
    inbox, port = smtp_server
    _with_contact_mail(mini)
    result = run_cli(mini, "reminders", "--record", **_env(port, bot_server), **COMMIT_ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert inbox.envelopes == [] and bot_server.received == []


def test_a_password_is_never_sent_in_clear_nor_shown(mini, smtp_server, bot_server):
    inbox, port = smtp_server
    _with_contact_mail(mini)
    env = {**_env(port, bot_server), "LEDGER_SMTP_URL": f"smtp://dudu:s3cret@127.0.0.1:{port}"}
    env["LEDGER_WEBHOOK_URL"] = ""
    result = run_cli(mini, "reminders", "--send", **env)
    assert result.exit_code == 1
    assert inbox.envelopes == []
    assert "STARTTLS" in result.stdout + result.stderr
    assert "s3cret" not in result.stdout + result.stderr


def test_a_bots_refusal_is_reported_and_not_recorded(mini, smtp_server, bot_server):
    _inbox, port = smtp_server
    bot_server.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    env = {**_env(port, bot_server), "LEDGER_SMTP_URL": ""}
    result = run_cli(mini, "reminders", "--send", "--record", **env, **COMMIT_ENV)
    assert result.exit_code == 1
    assert "93000 invalid webhook url" in result.stdout + result.stderr
    assert len(bot_server.received) == 1
    assert "没有记录" in result.stdout
    office = mini / "data" / "office.yaml"
    assert not office.exists() or "g1-t2-m1" not in office.read_text(encoding="utf-8")


def test_send_without_configuration_is_a_usage_error(mini):
    result = run_cli(mini, "reminders", "--send", **NO_SEND_ENV)
    assert result.exit_code == 2
    assert "LEDGER_SMTP_URL" in result.stdout + result.stderr


def test_a_webhook_of_unknown_style_is_refused(mini):
    env = {**NO_SEND_ENV, "LEDGER_WEBHOOK_URL": "https://bots.example.org/hook/secret"}
    result = run_cli(mini, "reminders", "--send", "--dry-run", **env)
    assert result.exit_code == 2
    assert "#wecom" in result.stdout + result.stderr
    assert "secret" not in result.stdout + result.stderr


def _big_report(units: int, items: int) -> RemindersReport:
    day = dt.date(2024, 7, 15)
    rows = [
        UnitReminder(
            f"第{number}单位",
            None,
            [
                Owed(f"g1-t{number}-m{i}", "很长的任务名称" * 5, "late", 2, None, 0)
                for i in range(items)
            ],
            f"unit{number}@example.org",
        )
        for number in range(units)
    ]
    return RemindersReport(day, 28, dt.date(2024, 6, 28), dt.date(2024, 7, 28), rows)


@pytest.mark.parametrize("style", sorted(SIZE_LIMITS))
def test_group_messages_are_split_within_the_platforms_limit(style):
    report = _big_report(units=60, items=6)
    texts = group_texts(report, style)
    assert len(texts) > 1 if style == "wecom" else len(texts) >= 1
    for text in texts:
        assert len(text.encode("utf-8")) <= SIZE_LIMITS[style]
    joined = "\n".join(texts)
    assert all(row.unit in joined for row in report.units)
    if len(texts) > 1:
        assert f"（第 1/{len(texts)} 条）" in texts[0]


def test_a_unit_too_long_for_one_message_is_shortened_with_a_note():
    report = _big_report(units=1, items=200)
    [text] = group_texts(report, "wecom")
    assert len(text.encode("utf-8")) <= SIZE_LIMITS["wecom"]
    assert "项未列出，见 ledger reminders --unit 第0单位" in text


def test_one_mail_per_unit_with_an_address():
    report = _big_report(units=3, items=1)
    report.units[1] = UnitReminder("无邮箱单位", None, report.units[1].items)
    found, missing = mails(report)
    assert [mail.to for mail in found] == ["unit0@example.org", "unit2@example.org"]
    assert missing == ["无邮箱单位"]


def test_a_short_password_is_masked_only_where_the_url_carries_it(mini):
    _with_contact_mail(mini)
    env = {"LEDGER_SMTP_URL": "smtp://u:p@127.0.0.1:1", "LEDGER_MAIL_FROM": "a@example.org"}
    result = run_cli(mini, "reminders", "--send", **env)
    assert result.exit_code == 1
    assert "smtp://u:***@127.0.0.1:1" in result.stderr and "smt***" not in result.stderr


def test_a_bot_that_cannot_be_reached_is_said_in_chinese(mini):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    env = {**NO_SEND_ENV, "LEDGER_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook#wecom"}
    result = run_cli(mini, "reminders", "--send", **env)
    assert result.exit_code == 1
    assert "未送达：连接被拒绝" in result.stderr and "urlopen" not in result.stderr
