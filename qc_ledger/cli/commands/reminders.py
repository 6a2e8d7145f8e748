"""`ledger reminders`: which unit owes which report, sending the reminders, and the record of them."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..formats import (
    FormatOption,
    KindOption,
    OutputOption,
    emit_document,
    of_kinds,
)
from ..writing import AuthorOption, CommitOption, DryRunOption, out, show_outcome


@app.command()
@guarded
def reminders(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", metavar="UNIT", help="只看这个单位。", show_default=False),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="把这次催办记入 data/office.yaml（下次催办即为“第 2 次催办”）。"
        ),
    ] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="把催办发给各单位联系人的邮箱和群机器人（发送设置见 docs/commands.md）；"
            "加 --dry-run 只显示将发送的内容，不发送。",
        ),
    ] = False,
    kind: KindOption = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """催办：按 data/rules.yaml 的报送周期，列出各单位逾期未报、从未报送和本期待报的措施及联系人。

    例：ledger reminders；ledger reminders -o 催办通知.md；ledger reminders --record --commit；
    ledger reminders --send --dry-run；ledger reminders --send --record --commit
    """
    from ...domain.lazy import collector_paused
    from ...domain.names import unit_argument
    from ...reports.documents import reminders_document
    from ...usecases.reminders import owed_reports

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    today = session.today()
    wanted = unit_argument(ledger, unit) if unit is not None else None
    # Only the report narrows: a recorded reminder is written against the whole ledger.
    report = owed_reports(of_kinds(ledger, kind), today, wanted)
    config = _delivery_config() if send else None  # a missing setting is told before any output
    # A province's reminders are tens of thousands of rows that live until they are written: the
    # cyclic collector would walk them again and again as the document is made and drawn.
    with collector_paused():
        emit_document(reminders_document(report), report, output_format, out_file, root)
    reached = None
    failed = []
    if config is not None:
        reached, failed = _send(report, config, dry_run=dry_run)
    if not record:
        _refuse_failures(failed)
        return
    owed = [
        (row.unit, list(dict.fromkeys(item.measure_id for item in row.items)))
        for row in report.units
        if reached is None or row.unit in reached
    ]
    if not owed:
        out(
            "催办没有送达任何单位，没有记录。"
            if reached is not None
            else "没有需要催办的单位，没有记录。"
        )
        _refuse_failures(failed)
        return
    from ...usecases.office_records import record_reminders

    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = record_reminders(ledger, owed, today=today, options=options)
    if outcome.dry_run:
        done = f"（--dry-run：将在 data/office.yaml 中记下 {len(owed)} 个单位的催办，没有写文件）"
    else:
        done = f"已在 data/office.yaml 中记下 {len(owed)} 个单位的催办（{today}）。"
    show_outcome(outcome, root, [done], diff=False)
    _refuse_failures(failed)


def _delivery_config():
    """The SMTP server, sender and group bots from the environment (a CI secret), never the repository."""
    from ...usecases.delivery import delivery_config

    return delivery_config(
        os.environ.get("LEDGER_SMTP_URL"),
        os.environ.get("LEDGER_MAIL_FROM"),
        os.environ.get("LEDGER_WEBHOOK_URL"),
    )


def _send(report, config, *, dry_run: bool) -> tuple[list[str], list]:
    """Show (dry run) or deliver the messages; the units reached and the attempts that failed."""
    from ...usecases.delivery import deliver, prepare, reached

    sending = prepare(report, config)
    out("")
    if sending.without_address:
        out(
            f"没有登记联系人邮箱（data/units.yaml 的 contact.email），不发邮件：{'、'.join(sending.without_address)}"
        )
    if not sending.mails and not sending.posts:
        out("没有要发送的催办。")
        return [], []
    if dry_run:
        _show_sending(sending, config)
        out(
            f"（--dry-run：以上 {len(sending.mails)} 封邮件、{len(sending.posts)} 条群消息没有发送）"
        )
        return sending.units, []
    attempts = deliver(sending, config)
    for attempt in attempts:
        out(f"{'已发送' if attempt.error is None else '未送达'}：{attempt.what}")
    sent = sum(attempt.error is None for attempt in attempts)
    out(f"发送了 {sent} 条，{len(attempts) - sent} 条未送达。")
    return reached(sending, attempts), [attempt for attempt in attempts if attempt.error]


def _show_sending(sending, config) -> None:
    """Every message exactly as it would go out."""
    import json

    from ...reports.reminder_messages import SIZE_LIMITS

    total = len(sending.mails)
    for number, mail in enumerate(sending.mails, 1):
        out(f"── 邮件 {number}/{total}（经 {config.smtp.shown()}）")
        out(f"发件人：{config.smtp.sender}")
        out(f"收件人：{mail.unit} <{mail.to}>")
        out(f"主题：{mail.subject}")
        out("")
        out(mail.body.rstrip("\n"))
    for bot, body in sending.posts:
        text = json.dumps(body, ensure_ascii=False, indent=2)
        content = body.get("markdown", body.get("content", {}))
        size = len(str(content.get("content", content.get("text", ""))).encode("utf-8"))
        out(f"── 群消息 → {bot.shown()}（{size}/{SIZE_LIMITS[bot.style]} 字节）")
        out(text)


def _refuse_failures(failed: list) -> None:
    if not failed:
        return
    from ...errors import DeliveryError, Problem

    raise DeliveryError(
        [Problem(f"{attempt.what} 未送达：{attempt.error}", code="delivery") for attempt in failed]
    )
